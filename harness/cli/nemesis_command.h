// `faultline nemesis ...` (inject one fault by hand) and `faultline heal`
// (remove every fault faultline made), for poking a cluster by hand.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace faultline {

std::function<int()> add_nemesis_command(CLI::App& app);
std::function<int()> add_heal_command(CLI::App& app);

}  // namespace faultline
