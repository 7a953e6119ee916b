// The workloads `faultline run` knows, by name: how to make one and which
// checker reads its history.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/runner/workload.h"
#include "workloads/checker_choice.h"
#include "workloads/txn_workload.h"

namespace faultline {

std::vector<std::string> workload_names();

// Null when no workload has that name (unknown_name_message() in
// harness/base/suggest.h words the error).
// `txn`: the settings of list-append and rw-register (the others have none).
std::unique_ptr<Workload> make_workload(std::string_view name, const TxnSettings& txn = {});
// Whether `name` is a transactional workload (list-append, rw-register).
bool is_txn_workload(std::string_view name);
std::optional<CheckerChoice> checker_for(std::string_view workload);

}  // namespace faultline
