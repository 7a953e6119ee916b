// `faultline check`: decides whether histories are linearizable.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace faultline {

// Adds the subcommand to `app`; the returned function runs it after parsing
// and returns the exit status.
std::function<int()> add_check_command(CLI::App& app);

}  // namespace faultline
