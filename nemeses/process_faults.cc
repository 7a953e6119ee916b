#include "nemeses/process_faults.h"

namespace faultline {
namespace {

// The lines of `text` joined by "; ", for a one-line message.
std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at))
    text.replace(at, 1, "; ");
  return text;
}

// " (exit 1): <tail>" or " (timed out): <tail>": how a command that ran failed.
std::string how_it_failed(const CommandResult& r) {
  return (r.timed_out ? " (timed out)" : " (exit " + std::to_string(r.exit_status) + ")") + ": " +
         r.tail();
}

// A step's exit status and the ends of its stdout and stderr.
nlohmann::json step_output(const CommandResult& r) {
  constexpr size_t kKept = 400;
  const auto end_of = [](const std::string& text) {
    return text.size() > kKept ? "..." + text.substr(text.size() - kKept) : text;
  };
  return nlohmann::json{{"exit_status", r.exit_status},
                        {"timed_out", r.timed_out},
                        {"stdout", end_of(r.out)},
                        {"stderr", end_of(r.err)}};
}

// One line for a node where `action` failed, naming the node.
std::string node_failure(const NodeOutcome<CommandResult>& o, const std::string& action,
                         const ProcessSpec& process) {
  if (!o.result.ok()) return describe_error(o.node, o.result.error());
  const CommandResult& r = *o.result;
  if (r.exit_status == kNotRunningStatus)
    return o.node + ": " + one_line(r.err) +
           (action == "restart" ? "" : " (nothing to " + action + ")");
  return o.node + ": " + action + " " + process.describe() + " failed" + how_it_failed(r);
}

FaultOutcome empty_outcome(const std::string& kind, const ProcessSpec& process) {
  FaultOutcome outcome;
  outcome.fault.kind = kind;
  outcome.fault.value = {{"process", process.describe()}, {"pids", nlohmann::json::object()}};
  return outcome;
}

void record_pids(FaultOutcome& outcome, const std::string& node, const std::string& out) {
  outcome.fault.nodes.push_back(node);
  outcome.fault.value["pids"][node] = parse_pids(out);
}

FaultOutcome signal_processes(const std::vector<Remote*>& targets, const ProcessSpec& process,
                              const std::string& kind, const Command& command) {
  FaultOutcome outcome = empty_outcome(kind, process);
  for (const auto& o : run_on_nodes(targets, command)) {
    if (succeeded(o)) {
      record_pids(outcome, o.node, o.result->out);
    } else {
      outcome.errors.push_back(node_failure(o, kind, process));
    }
  }
  return outcome;
}

// What restarting did on one node; the pids are set when it was started.
struct RestartStep {
  std::string error, note, pids;
};

// Runs the start command, and says how it failed; "" when it succeeded.
std::string start_one(Remote& remote, const Command& start) {
  RemoteResult<CommandResult> started = remote.run(start);
  if (!started.ok()) return describe_error(remote.node(), started.error());
  if (started->ok()) return "";
  return remote.node() + ": the start command `" + start.describe() + "` failed (exit " +
         std::to_string(started->exit_status) + "): " + started->tail();
}

RestartStep restart_one(Remote& remote, const RestartRequest& r) {
  const std::string& node = remote.node();
  if (r.process.name.empty() && r.process.pid_file.empty()) {
    // Killed by the db's own step, with no process to look for: start it,
    // and the clients will tell whether it came back.
    if (std::string error = start_one(remote, r.start_on(node)); !error.empty()) {
      return {error, "", ""};
    }
    return {"", node + ": started again (no process named to wait for)", ""};
  }
  RemoteResult<CommandResult> running = remote.run(find_command(r.process));
  if (!running.ok()) return {describe_error(node, running.error()), "", ""};
  if (running->ok()) {
    return {"",
            node + ": " + r.process.describe() + " already runs (pids " + one_line(running->out) +
                "): not started again",
            ""};
  }
  if (std::string error = start_one(remote, r.start_on(node)); !error.empty()) {
    return {error, "", ""};
  }
  NodeOutcome<CommandResult> appeared{node, remote.run(await_command(r.process, r.wait))};
  if (!succeeded(appeared)) return {node_failure(appeared, "restart", r.process), "", ""};
  return {"", "", appeared.result->out};
}

}  // namespace

FaultOutcome pause_processes(const std::vector<Remote*>& targets, const ProcessSpec& process) {
  return signal_processes(targets, process, "pause", pause_command(process));
}

FaultOutcome resume_processes(const std::vector<Remote*>& targets, const ProcessSpec& process) {
  return signal_processes(targets, process, "resume", resume_command(process));
}

FaultOutcome kill_processes(const std::vector<Remote*>& targets, const ProcessSpec& process) {
  return signal_processes(targets, process, "kill", kill_command(process));
}

FaultOutcome run_process_steps(const std::vector<Remote*>& targets, const ProcessSpec& process,
                               const std::string& kind, const NodeCommand& command_for) {
  auto results = on_nodes<CommandResult>(
      targets, [&](Remote& remote) { return remote.run(command_for(remote.node())); });
  FaultOutcome outcome;
  outcome.fault.kind = kind;
  outcome.fault.value = {{"process", process.describe()}, {"step", kind}};
  // What each step did, so one that exited 0 but did nothing shows.
  nlohmann::json& output = outcome.fault.value["output"] = nlohmann::json::object();
  for (const auto& o : results) {
    if (o.result.ok()) output[o.node] = step_output(*o.result);
    if (succeeded(o)) {
      outcome.fault.nodes.push_back(o.node);
    } else if (!o.result.ok()) {
      outcome.errors.push_back(describe_error(o.node, o.result.error()));
    } else {
      outcome.errors.push_back(o.node + ": the " + kind + " step `" +
                               command_for(o.node).describe() + "` failed" +
                               how_it_failed(*o.result));
    }
  }
  return outcome;
}

FaultOutcome restart_processes(const std::vector<Remote*>& targets, const RestartRequest& request) {
  auto steps = on_nodes<RestartStep>(targets, [&](Remote& remote) -> RemoteResult<RestartStep> {
    return restart_one(remote, request);
  });
  FaultOutcome outcome = empty_outcome("restart", request.process);
  for (const auto& step : steps) {
    if (!step.result->error.empty()) outcome.errors.push_back(step.result->error);
    if (!step.result->note.empty()) outcome.notes.push_back(step.result->note);
    if (!step.result->pids.empty()) record_pids(outcome, step.node, step.result->pids);
  }
  return outcome;
}

std::vector<NodeOutcome<CommandResult>> resume_paused(const std::vector<Remote*>& remotes) {
  return run_on_nodes(remotes, resume_paused_command());
}

}  // namespace faultline
