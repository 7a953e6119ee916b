#include "tests/support/append_op.h"

#include <utility>

namespace faultline::testing {

Op make_op(int64_t index, int64_t process, OpType type, std::string f, Json value) {
  Op op;
  op.index = index;
  op.process = process;
  op.type = type;
  op.f = std::move(f);
  op.value = std::move(value);
  return op;
}

Op& append_op(History& history, int64_t process, OpType type, std::string f, Json value) {
  const auto index = static_cast<int64_t>(history.ops.size());
  history.ops.push_back(make_op(index, process, type, std::move(f), std::move(value)));
  return history.ops.back();
}

}  // namespace faultline::testing
