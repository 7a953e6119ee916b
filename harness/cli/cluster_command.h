// `faultline cluster up|down|status`: a local cluster of network-namespace
// nodes, each with its own sshd, for trying tests on one machine.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace faultline {

// Adds the `cluster` subcommand (with up, down and status) to `app`; the
// returned function runs whichever was given, after parsing, and returns the
// exit status.
std::function<int()> add_cluster_command(CLI::App& app);

}  // namespace faultline
