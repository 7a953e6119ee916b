#include "workloads/catalog.h"

#include "workloads/register.h"

namespace faultline {

std::vector<std::string> workload_names() { return {"register"}; }

std::unique_ptr<Workload> make_workload(std::string_view name) {
  if (name == "register") return std::make_unique<RegisterWorkload>();
  return nullptr;
}

std::optional<CheckerChoice> checker_for(std::string_view workload) {
  if (workload == "register") return register_checker();
  return std::nullopt;
}

}  // namespace faultline
