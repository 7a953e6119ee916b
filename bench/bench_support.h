// What the benchmarks that need nodes share: a local cluster made for the
// benchmark and removed after it, and a median of timed rounds.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "harness/remote/command.h"
#include "harness/cluster/local_cluster.h"
#include "harness/cluster/nodes_file.h"

namespace faultline::bench {

inline double median_of(std::vector<double> values) {
  if (values.empty()) return -1;
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

// Median wall time in ms of `rounds` calls of `once`; -1 when a call fails.
inline double median_ms(int rounds, const std::function<bool()>& once) {
  std::vector<double> ms;
  for (int i = 0; i < rounds; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (!once()) return -1;
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  return median_of(std::move(ms));
}

// The baseline the benchmarks compare with: `remote_line` run on `node` by a
// new `ssh` process (and connection), as a shell-script harness would.
inline Command ssh_process_command(const NodeSpec& node, const std::string& remote_line) {
  return Command::of({"ssh", "-i", node.key_file, "-o", "BatchMode=yes", "-o",
                      "UserKnownHostsFile=" + node.known_hosts, "-o", "StrictHostKeyChecking=yes",
                      "-p", std::to_string(node.port), node.user + "@" + node.host, remote_line});
}

// A local cluster of `nodes` namespace nodes on `subnet`, up for the object's
// lifetime (root). ok() is false (and the error printed) when it could not start.
class BenchCluster {
 public:
  BenchCluster(const std::string& prefix, int nodes, const std::string& subnet) {
    ClusterUpOptions up;
    up.name = prefix + std::to_string(getpid() % 1000);
    up.nodes = nodes;
    up.subnet = subnet;
    up.nodes_file = "/tmp/faultline-" + up.name + ".yaml";
    nodes_file_ = up.nodes_file;
    made_ = cluster_up(up);
    if (!made_.ok()) {
      std::fprintf(stderr, "cluster up failed: %s\n", made_.error.c_str());
    } else {
      std::printf("cluster up: %d nodes in %.2f s\n", nodes, made_.seconds);
    }
  }
  ~BenchCluster() {
    if (!made_.ok()) return;
    ClusterOutcome gone = cluster_down(made_.nodes.local_cluster);
    std::printf("cluster down: %.2f s%s\n", gone.seconds,
                gone.ok() ? "" : (" error: " + gone.error).c_str());
    std::remove(nodes_file_.c_str());
  }
  BenchCluster(const BenchCluster&) = delete;
  BenchCluster& operator=(const BenchCluster&) = delete;

  bool ok() const { return made_.ok(); }
  const NodesFile& nodes() const { return made_.nodes; }

 private:
  std::string nodes_file_;
  ClusterOutcome made_;
};

}  // namespace faultline::bench
