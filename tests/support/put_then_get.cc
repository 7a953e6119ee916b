#include "tests/support/put_then_get.h"

#include "tests/support/append_op.h"

namespace faultline::testing {

void put_then_get(History& h, const std::string& key, int value, Json seen) {
  auto add = [&](int64_t process, OpType type, const char* f, Json v) {
    Op& op = append_op(h, process, type, f, std::move(v));
    op.key = key;
    op.node = "n" + std::to_string(process + 1);
    op.time_ns = 1000 * op.index;
    op.source_line = op.index + 1;
  };
  add(0, OpType::kInvoke, "put", value);
  add(0, OpType::kOk, "put", value);
  add(1, OpType::kInvoke, "get", Json());
  add(1, OpType::kOk, "get", std::move(seen));
}

}  // namespace faultline::testing
