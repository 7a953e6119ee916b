#include "harness/run/run_faults.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include "harness/remote/parallel.h"

namespace faultline {
namespace {

// Runs each node's `primaries` step; the names they print (words split by
// blanks, commas or lines), each a node, in node order. Any node whose step
// fails, or a word that names no node, is an error: a fault must not hit
// the wrong nodes quietly.
Result<std::vector<std::string>, std::string> ask_primaries(
    const std::vector<Remote*>& remotes, const std::map<std::string, Command>& steps,
    const std::vector<std::string>& names) {
  auto outcomes = on_nodes<CommandResult>(
      remotes, [&](Remote& remote) { return remote.run(steps.at(remote.node())); });
  std::set<std::string> named;
  for (const NodeOutcome<CommandResult>& o : outcomes) {
    if (!succeeded(o)) {
      return "the primaries step failed: " + describe_failures({o}, steps.at(o.node));
    }
    std::string words = o.result->out;
    std::replace_if(
        words.begin(), words.end(), [](char c) { return c == ','; }, ' ');
    std::istringstream in(words);
    for (std::string word; in >> word;) {
      if (std::find(names.begin(), names.end(), word) == names.end()) {
        return o.node + ": the primaries step printed '" + word +
               "', which names no node (it prints node names, e.g. echo ${node})";
      }
      named.insert(word);
    }
  }
  std::vector<std::string> out;
  for (const std::string& name : names) {
    if (named.count(name)) out.push_back(name);
  }
  return out;
}

}  // namespace

Plan plan_run_faults(const Schedule& schedule, uint64_t run_seed,
                     std::chrono::milliseconds time_limit) {
  return plan_schedule(schedule, schedule.seed ? *schedule.seed : run_seed, time_limit);
}

FaultContext run_fault_context(const RunNodes& nodes, const Db& db,
                               const std::vector<DbNodeVariables>& variables,
                               const std::string& clock_mode) {
  FaultContext context;
  context.nodes = nodes.nodes();
  context.remotes = nodes.pointers();
  context.addresses = nodes.addresses;
  const ProcessSpec process = db.process();
  context.process = process.name;
  context.clocks.process = process;
  choose_clock_modes(context.clocks, context.nodes, clock_mode);
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
  std::map<std::string, Command> primaries;
  for (const DbNodeVariables& node : variables) {
    if (std::optional<Command> command = db.fault_step("primaries", node)) {
      primaries[node.node] = *command;
    }
  }
  if (!primaries.empty() && primaries.size() == variables.size()) {
    context.primaries = [primaries, remotes = context.remotes, names = nodes.names()] {
      return ask_primaries(remotes, primaries, names);
    };
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
