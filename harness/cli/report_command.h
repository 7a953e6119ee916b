#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace faultline {

// `faultline report STORE_DIR`: rebuilds a stored run's report.html,
// summary.md and junit.xml from its results.json and history, without
// checking again (that is `analyze`).
std::function<int()> add_report_command(CLI::App& app);

}  // namespace faultline
