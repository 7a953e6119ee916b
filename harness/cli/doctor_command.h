// `faultline doctor`: preflight for a test, node by node, with fixes.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace faultline {

std::function<int()> add_doctor_command(CLI::App& app);

}  // namespace faultline
