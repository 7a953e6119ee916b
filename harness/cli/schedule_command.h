// `faultline nemesis schedule`: runs a nemesis schedule (the `nemesis`
// section of a test file) against a cluster by hand, without a database
// client: each fault's start and stop is printed as a history op, written to
// a ledger, and everything is healed at the end, on error and on Ctrl-C.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>

namespace faultline {

// Adds the subcommand under `nemesis`; sets *chosen when it is the one parsed.
void add_schedule_command(CLI::App& nemesis, std::shared_ptr<std::function<int()>> chosen);

}  // namespace faultline
