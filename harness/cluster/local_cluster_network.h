// The local cluster's network on the controller's machine: the bridge, one
// namespace and veth pair per node, the FORWARD rule Docker may make
// necessary; finding what of them exists and removing it again.
// For the local_cluster*.cc files only; needs root.
#pragma once

#include <string>
#include <vector>

#include "harness/cluster/ipv4_subnet.h"
#include "harness/cluster/local_cluster.h"
#include "harness/cluster/local_cluster_state.h"

namespace faultline {

// Which address or route of this machine already uses part of `subnet`; empty when none.
std::string subnet_user(const Ipv4Subnet& subnet);
// The check both kinds of cluster make before `up`: the error that names the
// user of `cidr` and says to choose another, or empty when the subnet is free.
std::string check_subnet_free(const std::string& cidr);

// The bridge, and per node a namespace and a veth pair, in one `ip -batch`. Error or empty.
std::string make_network(const ClusterPlan& plan);

// Adds an ACCEPT rule for the bridge to the FORWARD chain, recorded in
// state.json before it is added: once dockerd has run (br_netfilter, policy
// DROP), bridged traffic between nodes passes that chain. Added whatever the
// policy is now, since dockerd may start while the cluster is up.
std::string allow_forwarding(ClusterState* state, ClusterOutcome* outcome);

// What of a cluster's network exists now: named in the state or matching its naming scheme.
struct ClusterLeftovers {
  std::vector<std::string> namespaces;
  std::vector<std::string> veths;
  std::vector<std::string> bridges;
  bool empty() const { return namespaces.empty() && veths.empty() && bridges.empty(); }
};
ClusterLeftovers find_leftovers(const ClusterState& state);

// Deletes veths first (`ip netns del` frees devices asynchronously), then
// namespaces, then bridges; pieces already gone are fine.
void remove_devices(const ClusterLeftovers& found, ClusterOutcome* outcome);

// Removes every copy of the cluster's FORWARD rule.
void remove_forward_rule(const ClusterState& state, ClusterOutcome* outcome);

}  // namespace faultline
