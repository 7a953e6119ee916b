// Shared by the process and clock commands: the remotes a --target picks
// (after the command's usage check), and printing a FaultOutcome's errors and notes.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/cli/process_clock_commands.h"
#include "harness/base/source_error.h"
#include "nemeses/fault.h"

namespace faultline {

struct ChosenTargets {
  std::vector<Remote*> remotes;
  std::vector<std::string> names;
  std::string how;  // "target minority, seed 42: n2", for the output
};

// `default_target` applies when args.target is empty.
Parsed<ChosenTargets> choose_target_remotes(const FaultTargetArgs& args,
                                            const std::string& default_target,
                                            const std::vector<NodeSpec>& nodes,
                                            const std::vector<Remote*>& remotes);

// What a fault command does before it touches any node: its own usage check
// (`usage_problem`, "" when the flags are fine), then the choice of targets.
// On a problem with either, writes "<command>: <problem>" to `err` and returns
// nullopt; the command then exits 254.
std::optional<ChosenTargets> usable_targets_or_explain(
    const std::string& command, const std::string& usage_problem, const FaultTargetArgs& args,
    const std::string& default_target, const std::vector<NodeSpec>& nodes,
    const std::vector<Remote*>& remotes, std::ostream& err);

// "--nodes-file F" plus --nodes/--user/... as given, for the undo line.
std::string node_flags(const NodeOptions& options);

// Writes notes to `out` and errors to `err`; returns 0 when there were no errors, else 255.
int report_outcome(const FaultOutcome& outcome, std::ostream& out, std::ostream& err);

}  // namespace faultline
