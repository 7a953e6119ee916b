#include "workloads/set.h"

#include "workloads/workload_ops.h"

namespace faultline {

std::vector<WeightedF> SetWorkload::default_mix() const {
  // About one read in twenty ops: reads while the faults are on.
  return {{"add", 20}, {"read", 1}};
}

Op SetWorkload::make_op(std::string_view f, const std::string& key, Rng&) {
  if (f == "read") return invocation("read", key, nullptr);
  return invocation("add", key, ++last_element_[key]);
}

std::vector<Op> SetWorkload::final_ops(const std::string& key) {
  return {invocation("read", key, nullptr)};
}

CheckerChoice set_checker() { return {"set", "", {}, {}}; }

}  // namespace faultline
