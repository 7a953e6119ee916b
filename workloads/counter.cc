#include "workloads/counter.h"

#include <algorithm>

#include "workloads/workload_ops.h"

namespace faultline {

std::vector<WeightedF> CounterWorkload::default_mix() const { return {{"add", 1}, {"read", 1}}; }

Op CounterWorkload::make_op(std::string_view f, const std::string& key, Rng& rng) {
  if (f == "read") return invocation("read", key, nullptr);
  const uint64_t range = static_cast<uint64_t>(std::max<int64_t>(options_.max_increment, 1));
  return invocation("add", key, static_cast<int64_t>(1 + uniform_below(rng, range)));
}

std::vector<Op> CounterWorkload::final_ops(const std::string& key) {
  return {invocation("read", key, nullptr)};
}

CheckerChoice counter_checker() { return {"counter", "", {}, {}}; }

}  // namespace faultline
