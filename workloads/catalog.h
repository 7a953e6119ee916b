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

namespace faultline {

std::vector<std::string> workload_names();

// Null when no workload has that name (unknown_name_message() in
// harness/base/suggest.h words the error).
std::unique_ptr<Workload> make_workload(std::string_view name);
std::optional<CheckerChoice> checker_for(std::string_view workload);

}  // namespace faultline
