// `cluster down` of a container cluster, and `down` for any cluster: removes
// the union of what state.json names and what dockerd shows under the
// cluster's label, so it is idempotent and works after a half-finished `up`,
// a killed controller or a lost state file.
#include <unistd.h>

#include <chrono>
#include <set>
#include <sstream>

#include "harness/cluster/local_cluster_host.h"
#include "harness/cluster/local_cluster_state.h"
#include "harness/docker/docker_cluster.h"

namespace faultline {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

std::string label_filter(const ClusterState& state) {
  return "label=" + std::string(kClusterLabel) + "=" + state.plan.name;
}

// The cluster's containers that exist: by label, and by the names state.json gives.
std::set<std::string> existing_containers(const DockerCli& docker, const ClusterState& state,
                                          std::string* error) {
  std::set<std::string> found;
  DockerResult<std::string> labelled =
      docker.run({"ps", "--all", "--filter", label_filter(state), "--format", "{{.Names}}"});
  if (!labelled) {
    *error = labelled.error().to_string();
    return found;
  }
  for (const std::string& name : words(*labelled)) found.insert(name);
  for (const ClusterNodePlan& node : state.plan.nodes) {
    if (docker.run({"container", "inspect", "--format", "{{.Name}}", node.netns}).ok()) {
      found.insert(node.netns);
    }
  }
  return found;
}

bool network_exists(const DockerCli& docker, const ClusterState& state) {
  return docker_network_exists(docker, state.plan.name);
}

void add_error(ClusterOutcome* outcome, const std::string& error) {
  outcome->error += (outcome->error.empty() ? "" : "; ") + error;
}

void remove_containers(const DockerCli& docker, const ClusterState& state,
                       ClusterOutcome* outcome) {
  std::string error;
  const std::set<std::string> containers = existing_containers(docker, state, &error);
  if (!error.empty()) return add_error(outcome, error);
  if (containers.empty()) return;
  std::vector<std::string> args = {"rm", "--force", "--volumes"};
  args.insert(args.end(), containers.begin(), containers.end());
  if (DockerResult<std::string> removed = docker.run(args, std::chrono::seconds(120)); !removed) {
    add_error(outcome, removed.error().to_string());
  }
  outcome->notes.push_back("removed container(s) " +
                           join_names({containers.begin(), containers.end()}));
}

void remove_network(const DockerCli& docker, const ClusterState& state, ClusterOutcome* outcome) {
  if (!network_exists(docker, state)) return;
  const std::string name = docker_network_name(state.plan.name);
  if (DockerResult<std::string> removed = docker.run({"network", "rm", name}); !removed) {
    return add_error(outcome, removed.error().to_string());
  }
  outcome->notes.push_back("removed network " + name);
}

void check_all_gone(const DockerCli& docker, const ClusterState& state, ClusterOutcome* outcome) {
  std::string error;
  std::vector<std::string> left;
  for (const std::string& name : existing_containers(docker, state, &error)) {
    left.push_back("container " + name);
  }
  if (network_exists(docker, state))
    left.push_back("network " + docker_network_name(state.plan.name));
  if (!left.empty()) add_error(outcome, "still there: " + join_names(left));
}

}  // namespace

ClusterOutcome docker_cluster_down(const std::string& state_dir, const DockerSettings& settings) {
  const Clock::time_point start = Clock::now();
  ClusterOutcome outcome;
  const DockerCli docker(settings);
  const ClusterState state = load_state(normal_dir(state_dir));
  if (DockerResult<std::string> version = docker.server_version(); !version) {
    outcome.error = "cannot remove the containers of cluster '" + state.plan.name +
                    "': " + version.error().to_string();
    return outcome;
  }
  remove_containers(docker, state, &outcome);
  if (outcome.ok()) remove_network(docker, state, &outcome);
  if (outcome.ok()) check_all_gone(docker, state, &outcome);
  if (outcome.ok()) remove_state_dir(state.plan.state_dir, &outcome);
  if (outcome.ok() && outcome.notes.empty()) {
    outcome.notes.push_back("nothing of cluster '" + state.plan.name + "' was left");
  }
  outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return outcome;
}

ClusterOutcome any_cluster_down(const std::string& state_dir) {
  if (load_state(normal_dir(state_dir)).backend == kDockerBackend) {
    return docker_cluster_down(state_dir);
  }
  ClusterOutcome outcome = cluster_down(state_dir);
  // Without state.json the backend is unknown: where dockerd runs, containers
  // and a network of this name are looked for by their label too.
  if (!outcome.ok() || !DockerCli().server_version().ok()) return outcome;
  ClusterOutcome containers = docker_cluster_down(state_dir);
  for (const std::string& note : containers.notes) {
    if (note.rfind("nothing of", 0) != 0) outcome.notes.push_back(note);
  }
  outcome.error = containers.error;
  return outcome;
}

ClusterOutcome any_cluster_down_nodes_file(const std::string& nodes_file) {
  Parsed<NodesFile> nodes = read_nodes_file(nodes_file);
  if (nodes && !nodes->local_cluster.empty()) return any_cluster_down(nodes->local_cluster);
  return cluster_down_nodes_file(nodes_file);  // its error says what is wrong with the file
}

}  // namespace faultline
