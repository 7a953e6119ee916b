#include "harness/run/run_faults.h"

#include <map>
#include <optional>
#include <string>
#include <utility>

namespace faultline {

Plan plan_run_faults(const Schedule& schedule, uint64_t run_seed,
                     std::chrono::milliseconds time_limit) {
  return plan_schedule(schedule, schedule.seed ? *schedule.seed : run_seed, time_limit);
}

FaultContext run_fault_context(const RunNodes& nodes, const Db& db,
                               const std::vector<DbNodeVariables>& variables) {
  FaultContext context;
  context.nodes = nodes.nodes();
  context.remotes = nodes.pointers();
  context.addresses = nodes.addresses;
  const ProcessSpec process = db.process();
  context.process = process.name;
  context.clocks.process = process.name;
  for (const NodeSpec& node : context.nodes) context.clocks.modes[node.name] = clock_mode_for(node);
  // A killed process is started again with its node's own start command.
  std::map<std::string, Command> restart;
  for (const DbNodeVariables& node : variables) {
    if (std::optional<Command> command = db.restart_command(node)) restart[node.node] = *command;
  }
  if (!restart.empty()) {
    context.start_process = [restart](const std::string& node) { return restart.at(node); };
  }
  // A shell db's own kill, pause and resume steps replace the signals.
  std::map<std::pair<std::string, std::string>, Command> steps;  // (node, action)
  for (const DbNodeVariables& node : variables) {
    for (const std::string action : {"kill", "pause", "resume"}) {
      if (std::optional<Command> command = db.fault_step(action, node)) {
        steps[{node.node, action}] = *command;
      }
    }
  }
  if (!steps.empty()) {
    context.process_step = [steps](const std::string& node,
                                   const std::string& action) -> std::optional<Command> {
      auto found = steps.find({node, action});
      if (found == steps.end()) return std::nullopt;
      return found->second;
    };
  }
  return context;
}

}  // namespace faultline
