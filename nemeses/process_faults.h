// The process nemesis: pauses, resumes, kills and restarts a process on the
// chosen nodes (in parallel) and reports exactly which pids on which nodes.
// A node where the process is not running is an error for that node, never a
// silent success. Commands are built in process_commands.h.
//
// Thread-safety: as on_nodes() (parallel.h): each Remote is used by one
// thread; callers must not use the same remotes concurrently.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "harness/remote/parallel.h"
#include "harness/remote/remote.h"
#include "nemeses/fault.h"
#include "nemeses/process_commands.h"

namespace faultline {

// Each returns kind "pause" / "resume" / "kill" / "restart", the nodes where
// it was done, and value {"process": ..., "pids": {"n1": [123], ...}}.
FaultOutcome pause_processes(const std::vector<Remote*>& targets, const ProcessSpec& process);
FaultOutcome resume_processes(const std::vector<Remote*>& targets, const ProcessSpec& process);
FaultOutcome kill_processes(const std::vector<Remote*>& targets, const ProcessSpec& process);

// The same faults done by the database's own commands (a shell db's kill,
// pause and resume steps) instead of signals: `command_for` gives each
// target's command. Value {"process": ..., "step": kind}; a step that fails
// is an error naming the node, the command and its exit status.
using NodeCommand = std::function<Command(const std::string& node)>;
FaultOutcome run_process_steps(const std::vector<Remote*>& targets, const ProcessSpec& process,
                               const std::string& kind, const NodeCommand& command_for);

struct RestartRequest {
  ProcessSpec process;
  // Starts the process and returns (it must detach, e.g. `setsid prog >log 2>&1 &`),
  // such as the database's start step, perhaps under faketime_wrap().
  Command start;
  std::chrono::milliseconds wait{10'000};  // for the process to appear
  // When set, each node's own start command (a database member's name and
  // address differ per node); `start` is then not used.
  NodeCommand start_for{};
  Command start_on(const std::string& node) const { return start_for ? start_for(node) : start; }
};

// Starts the process on every target where it is not running, then waits for
// it to appear. Where it already runs, nothing is started (a note says so).
FaultOutcome restart_processes(const std::vector<Remote*>& targets, const RestartRequest& request);

// Resumes every process faultline paused on these nodes (the pids in
// paused_file()), for the overall heal. Idempotent: a node with nothing
// paused succeeds with no output; otherwise stdout lists the resumed pids.
std::vector<NodeOutcome<CommandResult>> resume_paused(const std::vector<Remote*>& remotes);

}  // namespace faultline
