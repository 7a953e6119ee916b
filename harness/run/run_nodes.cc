#include "harness/run/run_nodes.h"

#include <filesystem>

#include "harness/cluster/local_cluster.h"
#include "harness/docker/docker_cluster.h"
#include "harness/remote/ssh_remote.h"
#include "nemeses/partition.h"

namespace faultline {
namespace {

constexpr int kFirstRunSubnet = 151;  // run1 uses 10.213.151.0/24
constexpr int kRunClusters = 99;

// Cluster `i` of the clusters made for runs: run1 on 10.213.151.0/24, ...
ClusterUpOptions run_cluster(int i, int nodes) {
  ClusterUpOptions options;
  options.name = "run" + std::to_string(i);
  options.nodes = nodes;
  options.subnet = "10.213." + std::to_string(kFirstRunSubnet + i - 1) + ".0/24";
  return options;
}

// No cluster on this machine has the name or the bridge now, and for
// containers dockerd has no network of the name (one left by a killed run
// whose cluster was not taken down). Only a hint: two runs may both see a
// name free; the claim in `up` decides.
bool looks_free(const ClusterUpOptions& options, bool containers) {
  ClusterPlan plan;
  if (!plan_cluster(options, &plan).empty()) return false;
  std::error_code ec;
  if (std::filesystem::exists(plan.state_dir, ec)) return false;
  if (std::filesystem::exists("/sys/class/net/" + plan.bridge, ec)) return false;
  return !containers || !docker_network_exists(DockerCli(), options.name);
}

// `up` of the cluster a local source asks for: network namespaces ({local: N}) or
// containers ({docker: N}); both claim the name and obey `stop` alike.
ClusterOutcome bring_up(const NodesSource& source, const ClusterUpOptions& options,
                        std::stop_token stop, const std::function<void()>& claimed) {
  if (!source.containers) return cluster_up(options, stop, claimed);
  DockerClusterOptions docker;
  docker.cluster = options;
  docker.image = source.image;
  return docker_cluster_up(docker, stop, claimed);
}

Result<NodesFile, std::string> local_cluster(const NodesSource& source,
                                             const std::string& nodes_file, RunLog& log,
                                             std::stop_token stop, const ClusterClaimed& claimed) {
  const std::string what = source.containers ? "container cluster" : "local cluster";
  for (int i = 1; i <= kRunClusters; ++i) {
    ClusterUpOptions options = run_cluster(i, source.local_nodes);
    if (!looks_free(options, source.containers)) continue;
    options.nodes_file = nodes_file;
    ClusterOutcome up = bring_up(source, options, stop, [&] {
      log.echo(what + " '" + options.name + "': " + std::to_string(source.local_nodes) +
               (source.containers ? " containers on " : " nodes on ") + options.subnet);
      if (claimed) claimed(options.name);
    });
    // Another run claimed the name between looks_free and the claim: take the next.
    if (up.name_taken) continue;
    for (const std::string& note : up.notes) log.line("cluster: " + note);
    if (up.interrupted) {
      return "interrupted while the " + what + " came up" +
             (up.error.empty() ? std::string(" (what was made is removed)") : ": " + up.error);
    }
    if (!up.ok()) return "cannot bring up a " + what + ": " + up.error;
    return up.nodes;
  }
  return std::string("every local cluster name run1..run" + std::to_string(kRunClusters) +
                     " is in use");
}

Result<NodesFile, std::string> given_nodes(const NodesSource& source) {
  if (source.kind == NodesSource::Kind::kFile) {
    Parsed<NodesFile> file = read_nodes_file(source.file);
    if (!file) return file.error().to_string();
    return std::move(*file);
  }
  NodesFile file;
  for (const std::string& host : source.hosts) {
    NodeSpec node;
    node.name = host;
    node.host = host;
    file.nodes.push_back(std::move(node));
  }
  return file;
}

}  // namespace

std::vector<Remote*> RunNodes::pointers() const {
  std::vector<Remote*> out;
  for (const auto& remote : remotes) out.push_back(remote.get());
  return out;
}

std::vector<std::string> RunNodes::names() const {
  std::vector<std::string> out;
  for (const NodeSpec& node : file.nodes) out.push_back(node.name);
  return out;
}

Result<RunNodes, std::string> open_run_nodes(const NodesSource& source,
                                             const std::string& nodes_file, RunLog& log,
                                             std::stop_token stop, const ClusterClaimed& claimed) {
  RunNodes run;
  Result<NodesFile, std::string> file = source.kind == NodesSource::Kind::kLocal
                                            ? local_cluster(source, nodes_file, log, stop, claimed)
                                            : given_nodes(source);
  if (!file) return file.error();
  run.file = std::move(*file);
  run.local_cluster = run.file.local_cluster;
  if (source.kind != NodesSource::Kind::kLocal) run.local_cluster.clear();

  SshOptions ssh;
  ssh.strict_host_keys = run.file.strict_host_keys;
  std::map<std::string, std::string> hosts;
  for (const NodeSpec& node : run.file.nodes) {
    run.remotes.push_back(std::make_unique<SshRemote>(node, ssh));
    hosts[node.name] = node.host;
  }
  if (std::string error = resolve_addresses(hosts, &run.addresses); !error.empty()) {
    std::optional<std::string> released = release_run_nodes(run, log);
    return error + (released ? "; " + *released : "");
  }
  return run;
}

std::optional<std::string> release_run_nodes(RunNodes& nodes, RunLog& log) {
  nodes.remotes.clear();
  if (nodes.local_cluster.empty()) return std::nullopt;
  // Namespaces or containers: state.json says which.
  ClusterOutcome down = any_cluster_down(nodes.local_cluster);
  nodes.local_cluster.clear();
  if (!down.ok()) return "cannot remove the local cluster: " + down.error;
  log.line("local cluster removed");
  return std::nullopt;
}

}  // namespace faultline
