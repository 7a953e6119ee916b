// A container cluster: N containers on a Docker network of their own, each a
// node with its own root filesystem, hostname, address and sshd, reached by
// SSH exactly like a namespace node or a real machine, so every SSH path
// (exec, run, nemeses, heal, doctor) works on it unchanged.
//
// It shares the namespace cluster's plan (local_cluster_plan.h: names,
// addresses, state directory, keys, per-node sshd_config) and state.json
// (with "backend": "docker"). For a cluster named NAME on SUBNET:
//   network fl-NAME: a bridge network, --internal (no NAT, no way out), whose
//   Linux bridge is flbr-NAME with the controller's address SUBNET.1;
//   node i: container fl-NAME-ni, hostname ni, address SUBNET.(10+i), caps
//   NET_ADMIN (iptables, tc) and SYS_PTRACE (pause/kill, faultline-clock) but
//   not SYS_TIME: the clock is the host's, `date -s` in a node would move it;
//   docker's --init as pid 1 (reaps killed databases), no default route, and
//   sshd with the cluster's host key and authorized_keys, bind-mounted from
//   the state directory (read-only but for the node's own sshd pid and log).
//   Every container and the network carry the label org.faultline.cluster=NAME,
//   so `down` finds them even when state.json is lost.
#pragma once

#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "harness/cluster/local_cluster.h"
#include "harness/docker/docker_cli.h"

namespace faultline {

inline constexpr char kClusterLabel[] = "org.faultline.cluster";

struct DockerClusterOptions {
  ClusterUpOptions cluster;  // name, nodes, subnet, nodes file, state root, ready timeout
  std::string image;         // empty: the default node image (faultline image build)
  DockerSettings docker;
};

// Like cluster_up() (same outcome, stop and claim rules), with containers.
// The image must exist and have what a node needs (image_check.h).
ClusterOutcome docker_cluster_up(const DockerClusterOptions& options, std::stop_token stop = {},
                                 const std::function<void()>& claimed = {});

// Removes the containers and network of the cluster whose state directory is
// `state_dir` (by state.json and by label), then the directory. Idempotent.
ClusterOutcome docker_cluster_down(const std::string& state_dir, const DockerSettings& docker = {});

// `down` for any cluster: state.json's backend says which.
ClusterOutcome any_cluster_down(const std::string& state_dir);
// The same for the cluster a nodes file (written by `up`) describes.
ClusterOutcome any_cluster_down_nodes_file(const std::string& nodes_file);

// The Docker names of a cluster's network and of its node containers.
std::string docker_network_name(const std::string& cluster_name);
// True when dockerd has the network of cluster `cluster_name` (false when it does not answer).
bool docker_network_exists(const DockerCli& docker, const std::string& cluster_name);

}  // namespace faultline
