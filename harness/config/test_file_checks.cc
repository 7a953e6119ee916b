#include "harness/config/test_file_checks.h"

#include <algorithm>
#include <sstream>

#include "harness/config/yaml_fields.h"
#include "harness/suggest.h"
#include "workloads/catalog.h"

namespace faultline {
namespace {

std::string seconds(std::chrono::milliseconds d) {
  std::ostringstream out;
  out << d.count() / 1000.0 << "s";
  return out.str();
}

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> names;
  std::istringstream in(text);
  for (std::string name; std::getline(in, name, ',');) {
    if (!name.empty()) names.push_back(name);
  }
  return names;
}

// A shell db can be paused or killed by a step of its own or by signalling `process`.
std::optional<std::string> process_fault_problem(const DbConfig& db, const std::string& kind) {
  if (db.kind != DbKind::kShell || !db.process.empty()) return std::nullopt;
  if (kind != "pause" && kind != "kill") return std::nullopt;
  const bool has_steps = kind == "kill" ? db.steps.count("kill") > 0
                                        : db.steps.count("pause") && db.steps.count("resume");
  if (has_steps) return std::nullopt;
  const std::string steps = kind == "kill" ? "a 'kill' step" : "'pause' and 'resume' steps";
  return "a '" + kind +
         "' fault needs to know which process to signal, but the shell db has "
         "neither 'process' nor " +
         steps + ": add 'process: <name>' under 'db'";
}

std::optional<std::string> target_problem(const FaultSpec& fault,
                                          const std::vector<std::string>& nodes) {
  const std::vector<std::string> named = named_targets();
  if (nodes.empty() || fault.target.empty() ||
      std::find(named.begin(), named.end(), fault.target) != named.end()) {
    return std::nullopt;
  }
  for (const std::string& name : split_names(fault.target)) {
    if (std::find(nodes.begin(), nodes.end(), name) == nodes.end()) {
      return "'" + fault.kind + "' targets " + unknown_name_message("node", name, nodes);
    }
  }
  return std::nullopt;
}

std::optional<SourceError> nemesis_problem(const TestFile& test, const YAML::Node& root) {
  const Schedule& schedule = *test.nemesis;
  const std::vector<std::string> nodes = test.nodes.known_names();
  for (const FaultSpec& fault : schedule.faults) {
    if (fault.kind == "partition" && !nodes.empty() && nodes.size() < 2) {
      return SourceError{fault.where, "a partition needs at least 2 nodes, but 'nodes' gives " +
                                          std::to_string(nodes.size()) +
                                          ": use more nodes (e.g. {local: 3}) or drop it"};
    }
    std::optional<std::string> problem = process_fault_problem(test.db, fault.kind);
    if (!problem) problem = target_problem(fault, nodes);
    if (problem) return SourceError{fault.where, *problem};
  }
  if (std::optional<std::string> problem = schedule_never_faults(schedule, test.time_limit)) {
    const YAML::Node at = root["time_limit"] ? root["time_limit"] : root["nemesis"];
    return SourceError{yaml_location(test.path, at.Mark()), *problem};
  }
  return std::nullopt;
}

// Each workload's history fits one checker: a set history has no model to
// check linearizability against, a register history no set to compare.
std::optional<SourceError> checker_problem(const TestFile& test, const YAML::Node& root) {
  const std::optional<CheckerChoice> own = checker_for(test.workload);
  if (!own) return std::nullopt;
  for (size_t i = 0; i < test.checkers.size(); ++i) {
    if (test.checkers[i] == own->checker) continue;
    const YAML::Node checkers = root["checkers"];
    const YAML::Node at = checkers.IsSequence() ? checkers[i] : checkers;
    return SourceError{yaml_location(test.path, at.Mark()),
                       "the " + test.workload + " workload's history is read by the '" +
                           own->checker + "' checker, not '" + test.checkers[i] +
                           "': write 'checkers: [" + own->checker + "]' or leave 'checkers' out"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> schedule_never_faults(const Schedule& schedule,
                                                 std::chrono::milliseconds time_limit) {
  if (schedule.interval + schedule.duration <= time_limit) return std::nullopt;
  return "the nemesis would inject no fault: its first one starts after 'interval' (" +
         seconds(schedule.interval) + ") and lasts 'duration' (" + seconds(schedule.duration) +
         "), beyond the time limit (" + seconds(time_limit) +
         "); lengthen 'time_limit' or shorten the nemesis's interval or duration";
}

std::optional<SourceError> check_combinations(const TestFile& test, const YAML::Node& root) {
  if (test.db.kind == DbKind::kShell && !root["client"]) {
    return SourceError{test.db.where,
                       "a shell db needs a client that speaks to it: add 'client: {kind: adapter, "
                       "command: [program, args...]}' (the etcd client is only for etcd)"};
  }
  if (std::optional<SourceError> problem = checker_problem(test, root)) return problem;
  if (test.nemesis) return nemesis_problem(test, root);
  return std::nullopt;
}

}  // namespace faultline
