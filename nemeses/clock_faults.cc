#include "nemeses/clock_faults.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>

#include "nemeses/clock_helper_install.h"

namespace faultline {
namespace {

constexpr int64_t kSlackNs = 50'000'000;  // scheduling noise on top of the round trips

int64_t controller_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

ClockMode mode_of(const ClockContext& context, const std::string& node) {
  auto it = context.modes.find(node);
  return it == context.modes.end() ? ClockMode::kSystem : it->second;
}

// What changing one node's clock came to.
struct ClockStep {
  std::string error, note;
  bool applied = false;
  int64_t previous_ms = 0, offset_ms = 0;
  std::optional<double> seen_ms;  // kProcess: read inside the database's process
  std::vector<int> pids;          // kProcess: the processes moved
};

ClockStep failed(std::string error) {
  ClockStep step;
  step.error = std::move(error);
  return step;
}

std::string command_failure(const std::string& node, const RemoteResult<CommandResult>& r,
                            const std::string& what) {
  if (!r.ok()) return describe_error(node, r.error());
  return node + ": " + what + " failed" +
         (r->timed_out ? " (timed out)" : " (exit " + std::to_string(r->exit_status) + ")") + ": " +
         r->tail();
}

// Reads the clock as the node's processes see it, timed by the controller's clock.
std::optional<TimedReading> timed_read(Remote& remote, ClockMode mode, std::string* error) {
  TimedReading t;
  t.controller_before_ns = controller_now_ns();
  RemoteResult<CommandResult> r = remote.run(read_clock_command(mode));
  t.controller_after_ns = controller_now_ns();
  if (!r.ok() || !r->ok()) {
    *error = command_failure(remote.node(), r, "reading the clock");
    return std::nullopt;
  }
  std::optional<ClockReading> reading = parse_clock_reading(r->out);
  if (!reading) {
    *error = remote.node() + ": reading the clock printed '" + r->tail() + "', not two numbers";
    return std::nullopt;
  }
  t.reading = *reading;
  return t;
}

// Builds the command that moves the clock from the recorded offset to the new one.
using ApplyCommand = std::function<Command(ClockMode, int64_t previous_ms, int64_t offset_ms)>;
// The new offset, given the node and its recorded one.
using NewOffset = std::function<int64_t(const std::string& node, int64_t previous_ms)>;
// kProcess: how the node's offset changes ("+N", "=N", "keep") and the
// helper's arguments for it (clock_commands.h).
struct ProcessChange {
  std::string how;
  std::vector<std::string> args;
};
using ProcessChangeFor = std::function<ProcessChange(const std::string& node)>;

struct ClockChange {
  std::string action;
  NewOffset new_offset;
  ApplyCommand apply;  // empty: only kProcess can make this change
  ProcessChangeFor process;
};

// A process clock command's reply: empty when every process was moved and
// seen so from inside.
std::string process_clock_problem(const std::string& node, const RemoteResult<CommandResult>& r,
                                  const ClockContext& context, ProcessClockReply* reply) {
  const std::string missing =
      node + ": " + context.helper + " is not there; it is built and installed beside faultline";
  if (!r.ok()) {
    return r.error().kind == RemoteErrorKind::kToolMissing ? missing
                                                           : describe_error(node, r.error());
  }
  *reply = parse_process_clock_reply(r->out);
  if (r->exit_status == kNotRunningStatus && reply->answers.empty())
    return node + ": " + context.process.describe() + " is not running: its clock was not moved";
  if (r->exit_status == 127) return missing;
  for (const ProcessClockAnswer& a : reply->answers) {
    if (!a.ok) return node + ": pid " + std::to_string(a.pid) + ": " + a.error;
  }
  if (!r->ok() || reply->answers.empty()) return command_failure(node, r, "faultline-clock");
  return "";
}

std::vector<int> pids_of(const ProcessClockReply& reply) {
  std::vector<int> pids;
  for (const ProcessClockAnswer& a : reply.answers) pids.push_back(a.pid);
  std::sort(pids.begin(), pids.end());
  return pids;
}

NodeClockHelper helper_on(const ClockContext& context, const std::string& node) {
  if (!context.copy_helper_to.count(node)) return {context.helper, ""};
  return {node_clock_helper_path(), context.helper_digest};
}

// Runs a process clock command; when the node lacks its copy of the helper
// (a first fault there, or a new version), copies it and runs it again.
RemoteResult<CommandResult> run_with_helper(
    Remote& remote, const ClockContext& context,
    const std::function<Command(const NodeClockHelper&)>& make, std::string* install_error) {
  const NodeClockHelper helper = helper_on(context, remote.node());
  RemoteResult<CommandResult> r = remote.run(make(helper));
  if (helper.digest.empty() || !r.ok() || r->exit_status != kHelperNotInstalledStatus) return r;
  *install_error = install_clock_helper(remote, context.helper, helper.digest);
  if (!install_error->empty()) return r;
  return remote.run(make(helper));
}

// One round trip (two more on a node's first fault, to copy the helper
// there): the node finds the processes, moves and verifies them.
ClockStep change_process_clock(Remote& remote, const ClockContext& context,
                               const ClockChange& change) {
  const std::string& node = remote.node();
  if (context.process.name.empty() && context.process.pid_file.empty())
    return failed(node + ": the database names no process, so its clock cannot be moved");
  const ProcessChange how = change.process(node);
  std::string install_error;
  RemoteResult<CommandResult> r = run_with_helper(
      remote, context,
      [&](const NodeClockHelper& helper) {
        return process_clock_command(helper, context.process, how.how,
                                     process_clock_args(how.args, context.monotonic));
      },
      &install_error);
  if (!install_error.empty()) return failed(install_error + "; its clock was not moved");
  ProcessClockReply reply;
  if (std::string problem = process_clock_problem(node, r, context, &reply); !problem.empty()) {
    return failed(problem + "; not recorded as applied; undo with `faultline nemesis clock reset`");
  }
  ClockStep step;
  step.previous_ms = reply.previous_ms;
  step.offset_ms = change.new_offset(node, reply.previous_ms);
  step.seen_ms = reply.answers.front().seen_ms;
  step.pids = pids_of(reply);
  step.applied = true;
  return step;
}

ClockStep change_clock(Remote& remote, const ClockContext& context, const ClockChange& change) {
  const std::string& node = remote.node();
  const ClockMode mode = mode_of(context, node);
  if (mode == ClockMode::kProcess) return change_process_clock(remote, context, change);
  if (!change.apply) {
    return failed(node + ": a clock " + change.action + " needs the process clock mode (" +
                  to_string(mode) + " cannot make one); not applied");
  }
  if (mode == ClockMode::kFaketime && ignores_faketime(context.process.name)) {
    ClockStep step;
    step.note = node + ": " + context.process.name +
                " is a Go program: it reads the clock through the vDSO and ignores libfaketime, "
                "so the faketime clock mode cannot reach it; not applied (the process mode can: "
                "--clock-mode process)";
    return step;
  }
  std::string error;
  std::optional<TimedReading> before = timed_read(remote, mode, &error);
  if (!before) return failed(error);
  ClockStep step;
  step.previous_ms = before->reading.offset_ms;
  step.offset_ms = change.new_offset(node, step.previous_ms);
  RemoteResult<CommandResult> changed =
      remote.run(change.apply(mode, step.previous_ms, step.offset_ms));
  if (!changed.ok() || !changed->ok())
    return failed(command_failure(node, changed, "moving the clock (" + to_string(mode) + ")"));
  std::optional<TimedReading> after = timed_read(remote, mode, &error);
  if (!after) return failed(error);
  if (auto problem = clock_move_problem(*before, *after, step.offset_ms - step.previous_ms)) {
    return failed(node + ": the clock did not move as asked: " + *problem +
                  (mode == ClockMode::kFaketime ? " (is libfaketime installed on the node?)" : "") +
                  "; not recorded as applied; undo with `faultline nemesis clock reset`");
  }
  step.applied = true;
  return step;
}

FaultOutcome change_clocks(const std::vector<Remote*>& targets, const ClockContext& context,
                           const ClockChange& change) {
  auto steps = on_nodes<ClockStep>(targets, [&](Remote& remote) -> RemoteResult<ClockStep> {
    return change_clock(remote, context, change);
  });
  FaultOutcome outcome;
  outcome.fault.kind = "clock";
  nlohmann::json& value = outcome.fault.value;
  value = {{"action", change.action},
           {"offset_ms", nlohmann::json::object()},
           {"previous_offset_ms", nlohmann::json::object()},
           {"mode", nlohmann::json::object()}};
  for (const auto& [node, result] : steps) {
    const ClockStep& step = *result;
    if (!step.error.empty()) outcome.errors.push_back(step.error);
    if (!step.note.empty()) outcome.notes.push_back(step.note);
    if (!step.applied) continue;
    outcome.fault.nodes.push_back(node);
    value["offset_ms"][node] = step.offset_ms;
    value["previous_offset_ms"][node] = step.previous_ms;
    value["mode"][node] = to_string(mode_of(context, node));
    if (step.seen_ms) value["seen_offset_ms"][node] = *step.seen_ms;
    if (!step.pids.empty()) value["pids"][node] = step.pids;
  }
  return outcome;
}

Command set_to(ClockMode mode, int64_t, int64_t offset_ms) {
  return set_offset_command(mode, offset_ms);
}

NewOffset plus(int64_t delta_ms) {
  return [delta_ms](const std::string&, int64_t previous) { return previous + delta_ms; };
}

ProcessChangeFor process_plus(int64_t delta_ms) {
  return [delta_ms](const std::string&) {
    return ProcessChange{"+" + std::to_string(delta_ms), {}};
  };
}

}  // namespace

ClockMode clock_mode_for(const NodeSpec& node, const ProcessSpec& process) {
  if (!node.shares_host_kernel()) return ClockMode::kSystem;
  return process.name.empty() && process.pid_file.empty() ? ClockMode::kFaketime
                                                          : ClockMode::kProcess;
}

std::optional<ClockMode> clock_mode_choice(const std::string& choice, const NodeSpec& node,
                                           const ProcessSpec& process) {
  if (choice == "auto") return clock_mode_for(node, process);
  if (choice == "process") return ClockMode::kProcess;
  if (choice == "faketime") return ClockMode::kFaketime;
  if (choice == "system") return ClockMode::kSystem;
  return std::nullopt;
}

void choose_clock_modes(ClockContext& context, const std::vector<NodeSpec>& nodes,
                        const std::string& choice) {
  for (const NodeSpec& n : nodes) {
    const ClockMode mode =
        clock_mode_choice(choice, n, context.process).value_or(clock_mode_for(n, context.process));
    context.modes[n.name] = mode;
    // Namespace nodes see the controller's files; any other node needs a copy.
    if (mode == ClockMode::kProcess && n.netns.empty()) context.copy_helper_to.insert(n.name);
  }
  if (!context.copy_helper_to.empty()) {
    // Unreadable: the first fault says the helper is not there.
    context.helper_digest = file_digest(context.helper).value_or("unreadable");
  }
}

bool ignores_faketime(const std::string& process) { return process == "etcd"; }

FaultOutcome bump_clocks(const std::vector<Remote*>& targets, int64_t delta_ms,
                         const ClockContext& context) {
  FaultOutcome outcome =
      change_clocks(targets, context, {"bump", plus(delta_ms), set_to, process_plus(delta_ms)});
  outcome.fault.value["delta_ms"] = delta_ms;
  return outcome;
}

FaultOutcome strobe_clocks(const std::vector<Remote*>& targets, int64_t delta_ms,
                           const StrobeTiming& timing, const ClockContext& context) {
  ClockChange change{"strobe", plus(delta_ms),
                     [&timing](ClockMode mode, int64_t previous, int64_t offset) {
                       return strobe_command(mode, previous, offset, timing);
                     },
                     [&timing, delta_ms](const std::string&) {
                       return ProcessChange{"keep",
                                            {"--strobe-ms", std::to_string(delta_ms), "--period-ms",
                                             std::to_string(timing.period.count()), "--duration-ms",
                                             std::to_string(timing.duration.count())}};
                     }};
  FaultOutcome outcome = change_clocks(targets, context, change);
  outcome.fault.value["delta_ms"] = delta_ms;
  outcome.fault.value["period_ms"] = timing.period.count();
  outcome.fault.value["duration_ms"] = timing.duration.count();
  return outcome;
}

FaultOutcome set_clocks(const std::vector<Remote*>& targets,
                        const std::map<std::string, int64_t>& offsets,
                        const ClockContext& context) {
  std::vector<Remote*> named;
  for (Remote* r : targets) {
    if (offsets.count(r->node())) named.push_back(r);
  }
  return change_clocks(
      named, context,
      {"set", [&offsets](const std::string& node, int64_t) { return offsets.at(node); }, set_to,
       [&offsets](const std::string& node) {
         return ProcessChange{"=" + std::to_string(offsets.at(node)), {}};
       }});
}

FaultOutcome drift_clocks(const std::vector<Remote*>& targets, int64_t ppm,
                          const ClockContext& context) {
  ClockChange change{"drift", plus(0), nullptr, [ppm](const std::string&) {
                       return ProcessChange{"keep", {"--drift-ppm", std::to_string(ppm)}};
                     }};
  FaultOutcome outcome = change_clocks(targets, context, change);
  outcome.fault.value["drift_ppm"] = ppm;
  return outcome;
}

FaultOutcome reapply_process_clocks(const std::vector<Remote*>& targets,
                                    const ClockContext& context) {
  std::vector<Remote*> process_nodes;
  for (Remote* r : targets) {
    if (mode_of(context, r->node()) == ClockMode::kProcess) process_nodes.push_back(r);
  }
  auto steps = on_nodes<ClockStep>(process_nodes, [&](Remote& remote) -> RemoteResult<ClockStep> {
    std::string install_error;
    RemoteResult<CommandResult> r = run_with_helper(
        remote, context,
        [&](const NodeClockHelper& helper) {
          return reapply_process_clock_command(helper, context.process,
                                               process_clock_args({}, context.monotonic));
        },
        &install_error);
    if (!install_error.empty()) return failed(install_error + "; its clock was not moved");
    if (r.ok() && r->ok() && r->out.empty()) return ClockStep{};  // no clock fault there
    ProcessClockReply reply;
    ClockStep step;
    step.error = process_clock_problem(remote.node(), r, context, &reply);
    step.applied = step.error.empty();
    if (step.applied) {
      step.seen_ms = reply.answers.front().seen_ms;
      step.pids = pids_of(reply);
    }
    return step;
  });
  FaultOutcome outcome;
  outcome.fault.kind = "clock";
  outcome.fault.value = {{"action", "reapply"}, {"seen_offset_ms", nlohmann::json::object()}};
  for (const auto& [node, result] : steps) {
    if (!result->error.empty()) outcome.errors.push_back(result->error);
    if (!result->applied) continue;
    outcome.fault.nodes.push_back(node);
    outcome.fault.value["seen_offset_ms"][node] = *result->seen_ms;
    outcome.fault.value["pids"][node] = result->pids;
  }
  return outcome;
}

std::map<std::string, int64_t> scramble_offsets(const TargetNodes& nodes, int64_t max_ms,
                                                std::mt19937_64& rng) {
  std::uniform_int_distribution<int64_t> offset(-std::llabs(max_ms), std::llabs(max_ms));
  std::map<std::string, int64_t> out;
  for (const std::string& node : nodes) out[node] = offset(rng);
  return out;
}

std::vector<NodeOutcome<CommandResult>> reset_clocks(const std::vector<Remote*>& remotes,
                                                     const std::string& helper) {
  return run_on_nodes(remotes, reset_clock_command(helper));
}

std::optional<std::string> clock_move_problem(const TimedReading& before, const TimedReading& after,
                                              int64_t expected_delta_ms) {
  auto skew = [](const TimedReading& t) {
    return t.reading.clock_ns - (t.controller_before_ns + t.controller_after_ns) / 2;
  };
  auto uncertainty = [](const TimedReading& t) {
    return (t.controller_after_ns - t.controller_before_ns) / 2;
  };
  const int64_t moved_ns = skew(after) - skew(before);
  const int64_t tolerance_ns = uncertainty(before) + uncertainty(after) + kSlackNs;
  if (std::llabs(moved_ns - expected_delta_ms * 1'000'000) <= tolerance_ns) return std::nullopt;
  return "it moved by " + std::to_string(moved_ns / 1'000'000) +
         " ms relative to the "
         "controller's clock, expected " +
         std::to_string(expected_delta_ms) + " ms (± " + std::to_string(tolerance_ns / 1'000'000) +
         " ms)";
}

}  // namespace faultline
