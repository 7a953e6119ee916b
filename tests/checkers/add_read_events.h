// Builds a history of add and read ops event by event, for the set and
// counter checkers' tests; an op's index is its position.
#pragma once

#include <string>
#include <utility>

#include "harness/history/history.h"

namespace faultline::testing {

class Events {
 public:
  Events& invoke(int64_t process, std::string f, Json value, std::string key = "k") {
    return push(process, OpType::kInvoke, std::move(f), std::move(value), std::move(key));
  }
  Events& complete(int64_t process, OpType type, std::string f, Json value, std::string key = "k") {
    return push(process, type, std::move(f), std::move(value), std::move(key));
  }
  // An add of `value` (a set's element, a counter's increment) that ends as `type`.
  Events& add(int64_t process, Json value, OpType type = OpType::kOk, std::string key = "k") {
    invoke(process, "add", value, key);
    return complete(process, type, "add", value, key);
  }
  // An ok read that saw `value` (a set's elements, a counter's value).
  Events& read(int64_t process, Json value, std::string key = "k") {
    invoke(process, "read", nullptr, key);
    return complete(process, OpType::kOk, "read", std::move(value), key);
  }
  const History& history() const { return history_; }

 private:
  Events& push(int64_t process, OpType type, std::string f, Json value, std::string key) {
    Op op;
    op.index = static_cast<int64_t>(history_.ops.size());
    op.process = process;
    op.type = type;
    op.f = std::move(f);
    op.value = std::move(value);
    op.key = std::move(key);
    history_.ops.push_back(std::move(op));
    return *this;
  }
  History history_;
};

}  // namespace faultline::testing
