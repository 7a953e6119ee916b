#include "harness/config/test_file_checks.h"

#include <algorithm>
#include <random>
#include <sstream>

#include "harness/base/yaml_fields.h"
#include "harness/base/suggest.h"
#include "nemeses/partition_shapes.h"
#include "nemeses/targets.h"
#include "workloads/catalog.h"
#include "harness/base/text_list.h"

namespace faultline {
namespace {

std::string seconds(std::chrono::milliseconds d) {
  std::ostringstream out;
  out << d.count() / 1000.0 << "s";
  return out.str();
}

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> names;
  for (const std::string& name : split_trimmed(text, ',')) {
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

std::string param_text(const FaultSpec& fault, const char* key, const std::string& fallback) {
  return fault.params.contains(key) && fault.params[key].is_string()
             ? fault.params[key].get<std::string>()
             : fallback;
}

bool uses_primaries(const FaultSpec& fault) {
  return fault.target == "primaries" ||
         (fault.kind == "partition" && param_text(fault, "shape", "") == "primaries");
}

std::optional<std::string> target_problem(const FaultSpec& fault,
                                          const std::vector<std::string>& nodes) {
  const std::vector<std::string> named = named_targets();
  if (fault.target.empty() || fault.target == "primaries") return std::nullopt;
  if (std::find(named.begin(), named.end(), fault.target) == named.end()) {
    for (const std::string& name : split_names(fault.target)) {
      if (std::find(nodes.begin(), nodes.end(), name) == nodes.end()) {
        return "'" + fault.kind + "' targets " + unknown_name_message("node", name, nodes);
      }
    }
  }
  // How many nodes a named target picks depends only on the node count.
  std::mt19937_64 rng(0);
  Parsed<TargetNodes> chosen = choose_targets({fault.target, {}}, nodes, rng);
  if (!chosen) return "'" + fault.kind + "': " + chosen.error().message;
  const bool isolate = fault.kind == "partition" && param_text(fault, "shape", "") == "isolate";
  if (isolate && (fault.target == "random-subset" || chosen->size() == nodes.size())) {
    return "'isolate' cuts the target off from the other nodes, but target '" + fault.target +
           "' can pick all " + std::to_string(nodes.size()) +
           " nodes: target one, minority or names";
  }
  return std::nullopt;
}

// What is wrong with `fault` on exactly these nodes.
std::optional<std::string> fault_on_nodes_problem(const FaultSpec& fault,
                                                  const std::vector<std::string>& nodes) {
  if (fault.kind == "partition" && nodes.size() < 2) {
    return "a partition needs at least 2 nodes, but 'nodes' gives " + std::to_string(nodes.size()) +
           ": use more nodes (e.g. {local: 3}) or drop it";
  }
  if (std::optional<std::string> problem = target_problem(fault, nodes)) return problem;
  if (fault.kind == "partition" && fault.params.contains("components")) {
    Parsed<Components> components = parse_components(param_text(fault, "components", ""), nodes);
    if (!components) return components.error().message;
  }
  return std::nullopt;
}

// A shell db names its primaries with its 'primaries' step; etcd does not (yet).
std::optional<std::string> primaries_problem(const DbConfig& db, const FaultSpec& fault) {
  if (!uses_primaries(fault)) return std::nullopt;
  if (db.kind == DbKind::kShell && db.steps.count("primaries")) return std::nullopt;
  const std::string use = fault.target == "primaries" ? "target 'primaries'" : "shape 'primaries'";
  if (db.kind == DbKind::kEtcd) {
    return "'" + fault.kind + "' uses " + use +
           ", but faultline cannot ask etcd for its leader (yet): target one, minority or names";
  }
  return "'" + fault.kind + "' uses " + use +
         ", but the shell db has no 'primaries' step to name them: add one that prints the names "
         "of the nodes that lead, e.g. 'primaries: if <this node leads>; then echo ${node}; fi'";
}

std::optional<SourceError> nemesis_problem(const TestFile& test, const YAML::Node& root) {
  const Schedule& schedule = *test.nemesis;
  for (const FaultSpec& fault : schedule.faults) {
    std::optional<std::string> problem = process_fault_problem(test.db, fault.kind);
    if (!problem) problem = primaries_problem(test.db, fault);
    if (problem) return SourceError{fault.where, *problem};
  }
  if (std::optional<SourceError> problem = faults_on_nodes_problem(test)) return problem;
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

// `txn` and `elle` set up transactions; `keys` rotates the keys of the
// others (a txn workload retires a key by its writes: txn.max_writes_per_key).
std::optional<SourceError> txn_settings_problem(const TestFile& test, const YAML::Node& root) {
  const bool txn = is_txn_workload(test.workload);
  for (const char* key : {"txn", "elle"}) {
    if (!txn && root[key]) {
      return SourceError{yaml_location(test.path, root[key].Mark()),
                         "'" + std::string(key) +
                             "' sets up the list-append and rw-register "
                             "workloads, not '" +
                             test.workload + "': remove it or change 'workload'"};
    }
  }
  if (txn && root["keys"]) {
    return SourceError{yaml_location(test.path, root["keys"].Mark()),
                       "the " + test.workload +
                           " workload chooses its own keys: instead of "
                           "'keys', use 'txn: {active_keys: N, max_writes_per_key: N}'"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<SourceError> faults_on_nodes_problem(const TestFile& test) {
  const std::vector<std::string> nodes = test.nodes.known_names();
  if (!test.nemesis || nodes.empty()) return std::nullopt;
  for (const FaultSpec& fault : test.nemesis->faults) {
    if (std::optional<std::string> problem = fault_on_nodes_problem(fault, nodes)) {
      return SourceError{fault.where, *problem};
    }
  }
  return std::nullopt;
}

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
  if (std::optional<SourceError> problem = txn_settings_problem(test, root)) return problem;
  if (test.nemesis) return nemesis_problem(test, root);
  return std::nullopt;
}

}  // namespace faultline
