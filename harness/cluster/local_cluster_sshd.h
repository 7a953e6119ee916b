// Each local cluster node's sshd: the cluster's key pair, per node a host key
// and sshd_config, authorized_keys and known_hosts; starting the sshd inside
// the node's namespace with its own hostname, home and kNodeStateDir; waiting
// until every sshd accepts connections. For the local_cluster*.cc files only;
// needs root.
#pragma once

#include <chrono>
#include <stop_token>
#include <string>

#include "harness/cluster/local_cluster_plan.h"

namespace faultline {

// The cluster key, and per node a host key and sshd_config (in parallel). Error or empty.
std::string make_keys_and_configs(const ClusterPlan& plan);

// authorized_keys (the cluster key) and known_hosts (each node's host key at its address).
std::string write_key_lists(const ClusterPlan& plan);

// Inside the node's namespace: its address and links up; then `sshd` (which
// daemonizes and writes the node's pid file). Error or empty.
std::string start_node(const ClusterPlan& plan, const ClusterNodePlan& node,
                       const std::string& sshd);

// Polls until every sshd has written its pid file and accepts TCP connections
// through the bridge. An error naming the first node that did not, with its
// sshd log, after `timeout`; "interrupted" as soon as `stop` is requested.
std::string wait_until_ready(const ClusterPlan& plan, std::chrono::milliseconds timeout,
                             std::stop_token stop);

}  // namespace faultline
