#include "harness/cli/fault_targets.h"

#include <random>
#include <sstream>

#include "harness/remote/shell.h"
#include "nemeses/targets.h"

namespace faultline {

Parsed<ChosenTargets> choose_target_remotes(const FaultTargetArgs& args,
                                            const std::string& default_target,
                                            const std::vector<NodeSpec>& nodes,
                                            const std::vector<Remote*>& remotes) {
  TargetRequest request;
  request.target = args.target.empty() ? default_target : args.target;
  std::stringstream primaries(args.primaries);
  for (std::string p; std::getline(primaries, p, ',');) request.primary_nodes.push_back(p);
  TargetNodes names;
  for (const NodeSpec& n : nodes) names.push_back(n.name);
  std::mt19937_64 rng(args.seed);
  Parsed<TargetNodes> chosen = choose_targets(request, names, rng);
  if (!chosen) return SourceError{{}, "--target: " + chosen.error().message};
  ChosenTargets out;
  out.names = *chosen;
  out.how = "target " + request.target + ", seed " + std::to_string(args.seed) + ":";
  for (size_t i = 0; i < nodes.size(); ++i) {
    for (const std::string& name : out.names) {
      if (nodes[i].name == name) out.remotes.push_back(remotes[i]);
    }
  }
  for (const std::string& name : out.names) out.how += " " + name;
  return out;
}

std::optional<ChosenTargets> usable_targets_or_explain(
    const std::string& command, const std::string& usage_problem, const FaultTargetArgs& args,
    const std::string& default_target, const std::vector<NodeSpec>& nodes,
    const std::vector<Remote*>& remotes, std::ostream& err) {
  if (!usage_problem.empty()) {
    err << command << ": " << usage_problem << "\n";
    return std::nullopt;
  }
  Parsed<ChosenTargets> chosen = choose_target_remotes(args, default_target, nodes, remotes);
  if (!chosen) {
    err << command << ": " << chosen.error().message << "\n";
    return std::nullopt;
  }
  return std::move(*chosen);
}

std::string node_flags(const NodeOptions& o) {
  std::vector<std::string> words{"--nodes-file", o.nodes_file};
  if (!o.only.empty()) words.insert(words.end(), {"--nodes", o.only});
  if (!o.user.empty()) words.insert(words.end(), {"--user", o.user});
  if (o.port != 0) words.insert(words.end(), {"--port", std::to_string(o.port)});
  if (!o.key.empty()) words.insert(words.end(), {"--key", o.key});
  if (o.no_strict_host_keys) words.push_back("--no-strict-host-keys");
  return shell_join(words);
}

int report_outcome(const FaultOutcome& outcome, std::ostream& out, std::ostream& err) {
  for (const std::string& note : outcome.notes) out << "note: " << note << "\n";
  for (const std::string& error : outcome.errors) err << error << "\n";
  return outcome.ok() ? 0 : 255;
}

}  // namespace faultline
