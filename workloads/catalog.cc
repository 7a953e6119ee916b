#include "workloads/catalog.h"

#include "checkers/elle/elle_checker.h"
#include "workloads/counter.h"
#include "workloads/register.h"
#include "workloads/set.h"
#include "workloads/txn_workload.h"

namespace faultline {

std::vector<std::string> workload_names() {
  return {"register", "set", "counter", "list-append", "rw-register"};
}

std::unique_ptr<Workload> make_workload(std::string_view name, const TxnSettings& txn) {
  if (std::optional<elle::TxnWorkload> kind = elle::parse_txn_workload(name))
    return std::make_unique<TransactionWorkload>(*kind, txn);
  if (name == "register") return std::make_unique<RegisterWorkload>();
  if (name == "set") return std::make_unique<SetWorkload>();
  if (name == "counter") return std::make_unique<CounterWorkload>();
  return nullptr;
}

bool is_txn_workload(std::string_view name) { return elle::parse_txn_workload(name).has_value(); }

std::optional<CheckerChoice> checker_for(std::string_view workload) {
  if (workload == "register") return register_checker();
  if (workload == "set") return set_checker();
  if (workload == "counter") return counter_checker();
  if (std::optional<elle::TxnWorkload> kind = elle::parse_txn_workload(workload))
    return txn_checker(*kind);
  return std::nullopt;
}

}  // namespace faultline
