// `faultline exec`: run one command on many nodes in parallel and show each
// node's output under its name.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace faultline {

std::function<int()> add_exec_command(CLI::App& app);

}  // namespace faultline
