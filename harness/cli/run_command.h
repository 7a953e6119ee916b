// `faultline run TEST.yaml`: one test end to end (harness/run/run_test.h),
// and `faultline analyze STORE_DIR`: check a stored run again.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace faultline {

std::function<int()> add_run_command(CLI::App& app);
std::function<int()> add_analyze_command(CLI::App& app);

}  // namespace faultline
