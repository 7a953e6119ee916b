// The invocation a workload hands the generator: f, key and value set.
#pragma once

#include <string>
#include <utility>

#include "harness/history/op.h"

namespace faultline {

inline Op invocation(std::string f, const std::string& key, Json value) {
  Op op;
  op.type = OpType::kInvoke;
  op.f = std::move(f);
  op.key = key;
  op.value = std::move(value);
  return op;
}

}  // namespace faultline
