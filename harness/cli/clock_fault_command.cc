// The bodies of `faultline nemesis clock bump|strobe|reset|scramble`.
#include <algorithm>
#include <random>

#include "harness/cli/fault_targets.h"
#include "harness/cli/process_clock_commands.h"
#include "harness/remote/parallel.h"
#include "nemeses/clock_faults.h"

namespace faultline {
namespace {

std::string default_target(const std::string& action) {
  return action == "bump" || action == "strobe" ? "one" : "all";
}

std::string signed_ms(int64_t ms) { return (ms >= 0 ? "+" : "") + std::to_string(ms) + " ms"; }

std::string usage_problem(const ClockFaultArgs& a) {
  if (std::find(kClockModeChoices.begin(), kClockModeChoices.end(), a.clock_mode) ==
      kClockModeChoices.end())
    return "--clock-mode must be auto, process, faketime or system, not '" + a.clock_mode + "'";
  if (a.clock_mode == "process" && a.process.empty() && a.pid_file.empty())
    return "--clock-mode process moves the clocks of the processes --process or --pid-file names";
  if (a.action == "drift" && (a.ppm == 0 || a.ppm < -1'000'000 || a.ppm > 1'000'000))
    return "--ppm must be from -1000000 to 1000000, and not 0";
  if ((a.action == "bump" || a.action == "strobe" || a.action == "scramble") && a.ms == 0)
    return "--ms is required and must not be 0";
  if (a.action == "strobe" && a.period_ms < 100) return "--period-ms must be at least 100";
  if (a.action == "strobe" && a.duration_s * 1000 < a.period_ms)
    return "--duration-s must cover at least one --period-ms";
  return "";
}

ClockContext context_for(const ClockFaultArgs& a, const std::vector<NodeSpec>& nodes) {
  ClockContext context;
  context.process = {a.process, a.pid_file, false};
  context.monotonic = a.monotonic;
  for (const NodeSpec& n : nodes) context.process.own_network_namespace |= !n.netns.empty();
  choose_clock_modes(context, nodes, a.clock_mode);
  return context;
}

FaultOutcome apply(const ClockFaultArgs& a, const ChosenTargets& chosen,
                   const ClockContext& context) {
  if (a.action == "bump") return bump_clocks(chosen.remotes, a.ms, context);
  if (a.action == "drift") return drift_clocks(chosen.remotes, a.ppm, context);
  if (a.action == "strobe") {
    StrobeTiming timing{std::chrono::milliseconds(a.period_ms),
                        std::chrono::milliseconds(a.duration_s * 1000)};
    return strobe_clocks(chosen.remotes, a.ms, timing, context);
  }
  std::mt19937_64 rng(a.targets.seed + 1);  // not the stream that chose the targets
  return set_clocks(chosen.remotes, scramble_offsets(chosen.names, a.ms, rng), context);
}

int run_reset(const ChosenTargets& chosen, std::ostream& out, std::ostream& err) {
  auto outcomes = reset_clocks(chosen.remotes);
  out << "clock reset (" << chosen.how << ")\n";
  for (const auto& o : outcomes) {
    if (succeeded(o)) {
      std::optional<ClockReading> undone = parse_clock_reading(o.result->out + " 0");
      out << "  " << o.node << ": clock restored (undid "
          << signed_ms(undone ? undone->offset_ms : 0) << ")\n";
    }
  }
  std::string failures = describe_failures(outcomes, reset_clock_command(clock_helper_path()));
  if (!failures.empty()) err << failures << "\n";
  return failures.empty() ? 0 : 255;
}

}  // namespace

int run_clock_fault(const ClockFaultArgs& a, const std::vector<NodeSpec>& nodes,
                    const std::vector<Remote*>& remotes, std::ostream& out, std::ostream& err) {
  std::optional<ChosenTargets> chosen =
      usable_targets_or_explain("faultline nemesis clock " + a.action, usage_problem(a), a.targets,
                                default_target(a.action), nodes, remotes, err);
  if (!chosen) return 254;
  if (a.action == "reset") return run_reset(*chosen, out, err);
  FaultOutcome outcome = apply(a, *chosen, context_for(a, nodes));
  out << "clock " << a.action << " (" << chosen->how << ")\n";
  const nlohmann::json& value = outcome.fault.value;
  for (const std::string& node : outcome.fault.nodes) {
    out << "  " << node << ": offset " << signed_ms(value["offset_ms"][node].get<int64_t>())
        << (a.action == "strobe" ? " (flipping every " + std::to_string(a.period_ms) + " ms for " +
                                       std::to_string(a.duration_s) + " s)"
            : a.action == "drift" ? " and drifting " + std::to_string(a.ppm) + " ppm"
                                  : "")
        << ", was " << signed_ms(value["previous_offset_ms"][node].get<int64_t>()) << " ("
        << value["mode"][node].get<std::string>() << ", verified";
    if (value.contains("seen_offset_ms") && value["seen_offset_ms"].contains(node))
      out << ": seen inside pid " << value["pids"][node][0].get<int>() << " as "
          << value["seen_offset_ms"][node].get<double>() << " ms";
    out << ")\n";
  }
  int status = report_outcome(outcome, out, err);
  out << "fault: " << value.dump() << "\n";
  if (!outcome.fault.nodes.empty())
    out << "undo with: faultline nemesis clock reset " << node_flags(a.targets.nodes)
        << "  (or: faultline heal)\n";
  return status;
}

}  // namespace faultline
