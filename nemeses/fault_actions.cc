#include "nemeses/fault_actions.h"

#include <algorithm>
#include <random>

#include "harness/remote/parallel.h"
#include "nemeses/iptables.h"
#include "nemeses/loss.h"
#include "nemeses/partition.h"
#include "nemeses/partition_shapes.h"
#include "nemeses/process_faults.h"
#include "nemeses/targets.h"
#include "nemeses/traffic.h"

namespace faultline {
namespace {

// What a healing step on some nodes did, as a FaultOutcome of `kind`.
FaultOutcome outcome_of(const std::string& kind,
                        const std::vector<NodeOutcome<CommandResult>>& outcomes,
                        const Command& command) {
  FaultOutcome outcome;
  outcome.fault.kind = kind;
  outcome.fault.value = Json::object();
  for (const NodeOutcome<CommandResult>& o : outcomes) {
    if (succeeded(o)) outcome.fault.nodes.push_back(o.node);
  }
  outcome.fault.value["nodes"] = outcome.fault.nodes;
  std::string failures = describe_failures(outcomes, command);
  for (size_t start = 0; start < failures.size();) {
    size_t end = failures.find('\n', start);
    if (end == std::string::npos) end = failures.size();
    outcome.errors.push_back(failures.substr(start, end - start));
    start = end + 1;
  }
  return outcome;
}

FaultOutcome failed(const std::string& kind, const std::string& error) {
  FaultOutcome outcome;
  outcome.fault.kind = kind;
  outcome.errors.push_back(error);
  return outcome;
}

// The common part: the planned fault, the context, and the nodes it chose.
class Action : public FaultAction {
 public:
  Action(const FaultContext& context, PlannedFault planned)
      : context_(context), planned_(std::move(planned)), rng_(planned_.seed) {}

 protected:
  std::vector<std::string> names() const {
    std::vector<std::string> names;
    for (const NodeSpec& n : context_.nodes) names.push_back(n.name);
    return names;
  }
  // The primaries, asked of the database when `needed`; an error when it cannot say.
  Result<TargetNodes, std::string> primaries(bool needed) const {
    if (!needed) return TargetNodes{};
    if (!context_.primaries) return std::string("the database cannot name its primaries");
    Result<TargetNodes, std::string> found = context_.primaries();
    if (!found) return "primaries: " + found.error();
    return found;
  }
  // Chooses the targets once (start); `fallback` when the schedule gave none.
  std::string choose(const std::string& fallback) {
    const std::string target = planned_.target.empty() ? fallback : planned_.target;
    Result<TargetNodes, std::string> leaders = primaries(target == "primaries");
    if (!leaders) return leaders.error();
    TargetRequest request{target, *leaders};
    Parsed<TargetNodes> chosen = choose_targets(request, names(), rng_);
    if (!chosen) return chosen.error().message;
    targets_.clear();
    for (size_t i = 0; i < context_.nodes.size(); ++i) {
      for (const std::string& name : *chosen) {
        if (context_.nodes[i].name == name) targets_.push_back(context_.remotes[i]);
      }
    }
    return "";
  }
  std::string param_text(const char* key, const std::string& fallback) const {
    const Json& v = planned_.params.contains(key) ? planned_.params[key] : Json();
    return v.is_string() ? v.get<std::string>() : fallback;
  }
  double param_number(const char* key, double fallback) const {
    const Json& v = planned_.params.contains(key) ? planned_.params[key] : Json();
    return v.is_number() ? v.get<double>() : fallback;
  }
  // The db's own command for `action` on each node, when it has one and the
  // fault does not name a process of its own to signal.
  std::optional<NodeCommand> db_step(const std::string& action) const {
    if (!context_.process_step || planned_.params.contains("process")) return std::nullopt;
    for (const NodeSpec& node : context_.nodes) {
      if (!context_.process_step(node.name, action)) return std::nullopt;  // all or none
    }
    return [&context = context_, action](const std::string& node) {
      return context.process_step(node, action).value();
    };
  }
  ProcessSpec process() const {
    ProcessSpec spec;
    spec.name = param_text("process", context_.process);
    for (const NodeSpec& n : context_.nodes) spec.own_network_namespace |= !n.netns.empty();
    return spec;
  }

  const FaultContext& context_;
  PlannedFault planned_;
  std::mt19937_64 rng_;
  std::vector<Remote*> targets_;
};

class PartitionAction : public Action {
 public:
  using Action::Action;
  FaultOutcome start() override {
    const std::string name = param_text("shape", "halves");
    Result<TargetNodes, std::string> leaders =
        primaries(name == "primaries" || planned_.target == "primaries");
    if (!leaders) return failed("partition", leaders.error());
    ShapeRequest shape{name, planned_.target, *leaders, param_text("components", "")};
    Parsed<Grudge> grudge = make_grudge(shape, names(), rng_);
    if (!grudge) return failed("partition", grudge.error().message);
    auto outcomes = apply_partition(context_.remotes, *grudge, context_.addresses);
    FaultOutcome outcome = outcome_of("partition", outcomes, Command::of({"iptables"}));
    outcome.fault.value = grudge_to_json(*grudge);
    return outcome;
  }
  FaultOutcome stop() override {  // an empty grudge empties every node's partition chain
    return outcome_of("partition", apply_partition(context_.remotes, {}, context_.addresses),
                      Command::of({"iptables"}));
  }
};

class LossAction : public Action {
 public:
  using Action::Action;
  FaultOutcome start() override {
    if (std::string e = choose("all"); !e.empty()) return failed("loss", e);
    return apply_loss(targets_, param_number("percent", 20), context_.addresses);
  }
  FaultOutcome stop() override {
    return outcome_of("loss", run_on_nodes(targets_, stop_loss()), stop_loss());
  }
};

class ShapingAction : public Action {
 public:
  using Action::Action;
  FaultOutcome start() override {
    if (std::string e = choose("all"); !e.empty()) return failed(planned_.kind, e);
    if (planned_.kind == "bandwidth") {
      Result<uint64_t, std::string> rate = parse_rate(param_text("rate", "1mbit"));
      if (!rate) return failed("bandwidth", rate.error());
      return apply_bandwidth(targets_, *rate, context_.addresses);
    }
    Netem netem;
    netem.delay_ms = static_cast<int>(param_number("delay_ms", 100));
    netem.jitter_ms = static_cast<int>(param_number("jitter_ms", 0));
    return apply_netem(targets_, netem, context_.addresses);
  }
  FaultOutcome stop() override {
    return outcome_of(planned_.kind, heal_traffic_control(targets_), Command::of({"tc"}));
  }
};

class PauseAction : public Action {
 public:
  using Action::Action;
  FaultOutcome start() override {
    if (std::string e = choose("one"); !e.empty()) return failed("pause", e);
    if (auto step = db_step("pause")) return run_process_steps(targets_, process(), "pause", *step);
    return pause_processes(targets_, process());
  }
  FaultOutcome stop() override {
    if (auto step = db_step("resume")) {
      return run_process_steps(targets_, process(), "resume", *step);
    }
    return resume_processes(targets_, process());
  }
};

class KillAction : public Action {
 public:
  using Action::Action;
  FaultOutcome start() override {
    if (std::string e = choose("one"); !e.empty()) return failed("kill", e);
    if (auto step = db_step("kill")) {
      FaultOutcome outcome = run_process_steps(targets_, process(), "kill", *step);
      // With no process to look for, the restart cannot tell a node where
      // the kill step failed (still running) from a killed one: it restarts
      // only the nodes the step killed, never a second instance.
      if (process().name.empty()) {
        std::erase_if(targets_, [&](Remote* remote) {
          return std::find(outcome.fault.nodes.begin(), outcome.fault.nodes.end(),
                           remote->node()) == outcome.fault.nodes.end();
        });
      }
      return outcome;
    }
    return kill_processes(targets_, process());
  }
  FaultOutcome stop() override {
    if (!context_.start_process) {
      FaultOutcome outcome;
      outcome.fault.kind = "restart";
      outcome.notes.push_back("no start command for " + process().describe() +
                              ": killed processes are not restarted");
      return outcome;
    }
    RestartRequest request{process(), Command{}};
    request.start_for = context_.start_process;
    FaultOutcome outcome = restart_processes(targets_, request);
    // A new process has a fresh vDSO: a clock fault in force must reach it too.
    FaultOutcome clocks = reapply_process_clocks(targets_, context_.clocks);
    outcome.errors.insert(outcome.errors.end(), clocks.errors.begin(), clocks.errors.end());
    for (const std::string& node : clocks.fault.nodes)
      outcome.notes.push_back(node + ": the clock fault was applied to the restarted process too");
    return outcome;
  }
};

// One of bump_ms, strobe_ms (with period_ms), drift_ppm or scramble_ms
// (schedule.cc checks that), on the wall clock or, with monotonic, also on
// the monotonic clocks (process mode).
class ClockAction : public Action {
 public:
  using Action::Action;
  FaultOutcome start() override {
    if (std::string e = choose("all"); !e.empty()) return failed("clock", e);
    ClockContext clocks = context_.clocks;
    clocks.monotonic = planned_.params.value("monotonic", false);
    if (planned_.params.contains("strobe_ms")) {
      // It flips until the fault's stop resets the clock.
      StrobeTiming timing{std::chrono::milliseconds(int64_t(param_number("period_ms", 1000))),
                          std::chrono::hours(24)};
      return strobe_clocks(targets_, int64_t(param_number("strobe_ms", 0)), timing, clocks);
    }
    if (planned_.params.contains("drift_ppm"))
      return drift_clocks(targets_, int64_t(param_number("drift_ppm", 0)), clocks);
    if (planned_.params.contains("scramble_ms")) {
      TargetNodes chosen;
      for (Remote* r : targets_) chosen.push_back(r->node());
      return set_clocks(targets_,
                        scramble_offsets(chosen, int64_t(param_number("scramble_ms", 0)), rng_),
                        clocks);
    }
    return bump_clocks(targets_, int64_t(param_number("bump_ms", 5000)), clocks);
  }
  FaultOutcome stop() override {
    return outcome_of("clock", reset_clocks(targets_, context_.clocks.helper),
                      Command::of({"reset clock"}));
  }
};

}  // namespace

FaultFactory make_fault_factory(const FaultContext& context) {
  return [&context](const PlannedFault& planned) -> std::unique_ptr<FaultAction> {
    const std::string& kind = planned.kind;
    if (kind == "partition") return std::make_unique<PartitionAction>(context, planned);
    if (kind == "loss") return std::make_unique<LossAction>(context, planned);
    if (kind == "netem" || kind == "bandwidth") {
      return std::make_unique<ShapingAction>(context, planned);
    }
    if (kind == "pause") return std::make_unique<PauseAction>(context, planned);
    if (kind == "kill") return std::make_unique<KillAction>(context, planned);
    if (kind == "clock") return std::make_unique<ClockAction>(context, planned);
    return nullptr;
  };
}

}  // namespace faultline
