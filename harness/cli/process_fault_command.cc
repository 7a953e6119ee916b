// The bodies of `faultline nemesis pause|resume|kill|restart`.
#include <chrono>

#include "harness/cli/fault_targets.h"
#include "harness/cli/process_clock_commands.h"
#include "harness/remote/shell.h"
#include "nemeses/clock_commands.h"
#include "nemeses/process_faults.h"

namespace faultline {
namespace {

// The default target: stopping picks one node; undoing reaches every node.
std::string default_target(const std::string& action) {
  return action == "pause" || action == "kill" ? "one" : "all";
}

std::string process_flags(const ProcessFaultArgs& a) {
  return a.process.empty() ? shell_join({"--pid-file", a.pid_file})
                           : shell_join({"--process", a.process});
}

std::string undo_line(const ProcessFaultArgs& a, const std::vector<std::string>& nodes) {
  std::string targets;
  for (const std::string& n : nodes) targets += (targets.empty() ? "" : ",") + n;
  std::string same = process_flags(a) + " --target " + targets + " " + node_flags(a.targets.nodes);
  if (a.action == "pause")
    return "undo with: faultline nemesis resume " + same + "  (or: faultline heal)";
  if (a.action == "kill")
    return "undo with: faultline nemesis restart --start-command '<how to start it>' " + same;
  if (a.action == "restart") return "undo with: faultline nemesis kill " + same;
  return "nothing to undo";
}

std::string done_verb(const std::string& action) {
  if (action == "pause") return "paused";
  if (action == "resume") return "resumed";
  if (action == "kill") return "killed";
  return "started";
}

FaultOutcome apply(const ProcessFaultArgs& a, const ProcessSpec& process,
                   const std::vector<Remote*>& targets) {
  if (a.action == "pause") return pause_processes(targets, process);
  if (a.action == "resume") return resume_processes(targets, process);
  if (a.action == "kill") return kill_processes(targets, process);
  RestartRequest restart{process, Command::shell(a.start_command),
                         std::chrono::milliseconds(int64_t{a.wait_s} * 1000)};
  if (a.faketime) restart.start = faketime_wrap(restart.start);
  return restart_processes(targets, restart);
}

std::string usage_problem(const ProcessFaultArgs& a) {
  if (a.process.empty() == a.pid_file.empty())
    return "name the process with exactly one of --process NAME and --pid-file FILE";
  if (a.process.size() > 15)
    return "--process '" + a.process +
           "': process names are at most 15 characters (the "
           "kernel's comm); give the first 15, or use --pid-file";
  if (a.action == "restart" && a.start_command.empty())
    return "restart needs --start-command: how to start the process on a node (it must "
           "return, e.g. 'setsid mydb >/var/log/mydb.log 2>&1 &')";
  return "";
}

}  // namespace

int run_process_fault(const ProcessFaultArgs& a, const std::vector<NodeSpec>& nodes,
                      const std::vector<Remote*>& remotes, std::ostream& out, std::ostream& err) {
  std::optional<ChosenTargets> chosen =
      usable_targets_or_explain("faultline nemesis " + a.action, usage_problem(a), a.targets,
                                default_target(a.action), nodes, remotes, err);
  if (!chosen) return 254;
  ProcessSpec process{a.process, a.pid_file, false};
  for (const NodeSpec& n : nodes) process.own_network_namespace |= !n.netns.empty();
  FaultOutcome outcome = apply(a, process, chosen->remotes);
  out << a.action << " " << process.describe() << " (" << chosen->how << ")\n";
  for (const std::string& node : outcome.fault.nodes) {
    out << "  " << node << ": " << done_verb(a.action) << " pid";
    for (const auto& pid : outcome.fault.value["pids"][node]) out << " " << pid.get<int>();
    out << "\n";
  }
  int status = report_outcome(outcome, out, err);
  out << "fault: " << outcome.fault.value.dump() << "\n";
  if (!outcome.fault.nodes.empty()) out << undo_line(a, outcome.fault.nodes) << "\n";
  return status;
}

}  // namespace faultline
