#include "tests/support/test_cluster.h"

#include <unistd.h>

#include <cstdio>

#include "harness/cluster/local_cluster.h"

namespace faultline::testing {

NodesFile up_test_cluster(const std::string& name, const std::string& subnet, int nodes,
                          std::string* error) {
  if (geteuid() != 0) {
    *error = "integration tests need root (namespaces, sshd, iptables)";
    return {};
  }
  ClusterUpOptions up;
  up.name = name;
  up.nodes = nodes;
  up.subnet = subnet;
  up.nodes_file = "/tmp/faultline-" + name + "-" + std::to_string(getpid()) + ".yaml";
  ClusterOutcome made = cluster_up(up);
  if (!made.ok()) {
    *error = made.error;
    return {};
  }
  made.nodes.path = up.nodes_file;
  return made.nodes;
}

void down_test_cluster(const NodesFile& cluster) {
  if (!cluster.local_cluster.empty()) cluster_down(cluster.local_cluster);
  if (!cluster.path.empty()) std::remove(cluster.path.c_str());
}

}  // namespace faultline::testing
