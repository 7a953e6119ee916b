// The plan of a local cluster: every name, address and path that `cluster up`
// will make, as a pure function of its options (see local_cluster.h for the
// layout). `down` and `status` use the same naming scheme to find what is left
// even when the state file is lost. Pure functions; safe from any thread.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace faultline {

inline constexpr char kDefaultClusterName[] = "local";
inline constexpr char kDefaultClusterSubnet[] = "10.213.7.0/24";
inline constexpr char kDefaultClusterStateRoot[] = "/run/faultline/clusters";
inline constexpr int kClusterSshPort = 22;
// state.json's "backend" of a container cluster (harness/docker/); absent for namespaces.
inline constexpr char kDockerBackend[] = "docker";

struct ClusterUpOptions {
  std::string name = kDefaultClusterName;  // 1-8 of [a-z0-9-]: device names are <= 15 chars
  int nodes = 3;
  std::string subnet = kDefaultClusterSubnet;  // IPv4 CIDR that exists only on the bridge
  std::string nodes_file;                      // where to write the nodes file
  std::string state_root = kDefaultClusterStateRoot;
  std::string sshd = "/usr/sbin/sshd";              // the sshd program each node runs
  std::chrono::milliseconds ready_timeout{15'000};  // for every sshd to accept connections
};

// The names and addresses of one node; a pure function of name, index and subnet.
struct ClusterNodePlan {
  std::string name;     // n1
  std::string netns;    // fl-NAME-n1
  std::string veth;     // flv-NAME-1 (the host side; eth0 inside the namespace)
  std::string address;  // 10.213.7.11
  std::string dir;      // STATE/nodes/n1: host key, sshd_config, sshd.pid, sshd.log
  std::string pid_file;
};

// Everything `up` makes, before it makes it.
struct ClusterPlan {
  std::string name;
  std::string state_dir;
  std::string bridge;              // flbr-NAME
  std::string controller_address;  // 10.213.7.1
  int prefix_length = 24;
  std::vector<ClusterNodePlan> nodes;
  std::string key_file;  // STATE/id_ed25519 (and .pub)
  std::string authorized_keys;
  std::string known_hosts;
};

// Checks name, node count and subnet and lays out the cluster. Error message on failure.
std::string plan_cluster(const ClusterUpOptions& options, ClusterPlan* plan);

// The naming scheme: node i's namespace is netns_prefix + i, its veth veth_prefix + i.
std::string cluster_netns_prefix(const std::string& name);
std::string cluster_veth_prefix(const std::string& name);
std::string cluster_bridge_name(const std::string& name);

// "prefix<digits>": a name of the scheme above.
bool is_numbered_name(const std::string& text, const std::string& prefix);

}  // namespace faultline
