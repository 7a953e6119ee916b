#include "workloads/catalog.h"

#include "workloads/counter.h"
#include "workloads/register.h"
#include "workloads/set.h"

namespace faultline {

std::vector<std::string> workload_names() { return {"register", "set", "counter"}; }

std::unique_ptr<Workload> make_workload(std::string_view name) {
  if (name == "register") return std::make_unique<RegisterWorkload>();
  if (name == "set") return std::make_unique<SetWorkload>();
  if (name == "counter") return std::make_unique<CounterWorkload>();
  return nullptr;
}

std::optional<CheckerChoice> checker_for(std::string_view workload) {
  if (workload == "register") return register_checker();
  if (workload == "set") return set_checker();
  if (workload == "counter") return counter_checker();
  return std::nullopt;
}

}  // namespace faultline
