#include "nemeses/clock_faults.h"

#include <chrono>
#include <cstdlib>
#include <functional>

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
};

ClockStep failed(std::string error) { return {std::move(error), "", false, 0, 0}; }

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

ClockStep change_clock(Remote& remote, const ClockContext& context, const NewOffset& new_offset,
                       const ApplyCommand& apply) {
  const std::string& node = remote.node();
  const ClockMode mode = mode_of(context, node);
  if (mode == ClockMode::kFaketime && ignores_faketime(context.process)) {
    return {"",
            node + ": " + context.process +
                " is a Go program: it reads the clock through the vDSO and ignores libfaketime, "
                "so a clock fault on a local namespace node cannot reach it; not applied (use "
                "real machines for clock faults on " +
                context.process + ")",
            false, 0, 0};
  }
  std::string error;
  std::optional<TimedReading> before = timed_read(remote, mode, &error);
  if (!before) return failed(error);
  ClockStep step{"", "", false, before->reading.offset_ms, 0};
  step.offset_ms = new_offset(node, step.previous_ms);
  RemoteResult<CommandResult> changed = remote.run(apply(mode, step.previous_ms, step.offset_ms));
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
                           const std::string& action, const NewOffset& new_offset,
                           const ApplyCommand& apply) {
  auto steps = on_nodes<ClockStep>(targets, [&](Remote& remote) -> RemoteResult<ClockStep> {
    return change_clock(remote, context, new_offset, apply);
  });
  FaultOutcome outcome;
  outcome.fault.kind = "clock";
  nlohmann::json& value = outcome.fault.value;
  value = {{"action", action},
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
  }
  return outcome;
}

Command set_to(ClockMode mode, int64_t, int64_t offset_ms) {
  return set_offset_command(mode, offset_ms);
}

}  // namespace

ClockMode clock_mode_for(const NodeSpec& node) {
  return node.netns.empty() ? ClockMode::kSystem : ClockMode::kFaketime;
}

bool ignores_faketime(const std::string& process) { return process == "etcd"; }

FaultOutcome bump_clocks(const std::vector<Remote*>& targets, int64_t delta_ms,
                         const ClockContext& context) {
  FaultOutcome outcome = change_clocks(
      targets, context, "bump",
      [delta_ms](const std::string&, int64_t previous) { return previous + delta_ms; }, set_to);
  outcome.fault.value["delta_ms"] = delta_ms;
  return outcome;
}

FaultOutcome strobe_clocks(const std::vector<Remote*>& targets, int64_t delta_ms,
                           const StrobeTiming& timing, const ClockContext& context) {
  FaultOutcome outcome = change_clocks(
      targets, context, "strobe",
      [delta_ms](const std::string&, int64_t previous) { return previous + delta_ms; },
      [&timing](ClockMode mode, int64_t previous, int64_t offset) {
        return strobe_command(mode, previous, offset, timing);
      });
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
      named, context, "set",
      [&offsets](const std::string& node, int64_t) { return offsets.at(node); }, set_to);
}

std::map<std::string, int64_t> scramble_offsets(const TargetNodes& nodes, int64_t max_ms,
                                                std::mt19937_64& rng) {
  std::uniform_int_distribution<int64_t> offset(-std::llabs(max_ms), std::llabs(max_ms));
  std::map<std::string, int64_t> out;
  for (const std::string& node : nodes) out[node] = offset(rng);
  return out;
}

std::vector<NodeOutcome<CommandResult>> reset_clocks(const std::vector<Remote*>& remotes) {
  return run_on_nodes(remotes, reset_clock_command());
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
