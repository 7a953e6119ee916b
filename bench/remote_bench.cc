// faultline_remote_bench: how fast commands reach nodes, on a real local
// cluster of 5 namespace nodes that the benchmark makes and removes (root).
//
// In one run it measures the median latency of one command
//   - over a persistent libssh session (a new channel per command),
//   - by starting an `ssh` process per command (the baseline),
//   - on all 5 nodes in parallel over persistent sessions,
// and prints the ratio. Targets: persistent >= 20x faster than a process per
// command; all 5 nodes under 15 ms.
//
//   build/bench/faultline_remote_bench [--rounds N]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "harness/local_cluster.h"
#include "harness/local_process.h"
#include "harness/parallel.h"
#include "harness/ssh_remote.h"

namespace fl = faultline;

namespace {

double median_ms(int rounds, const std::function<bool()>& once) {
  std::vector<double> ms;
  for (int i = 0; i < rounds; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (!once()) return -1;
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

fl::Command ssh_process_command(const fl::NodeSpec& node) {
  return fl::Command::of({"ssh", "-i", node.key_file, "-o", "BatchMode=yes", "-o",
                          "UserKnownHostsFile=" + node.known_hosts, "-o",
                          "StrictHostKeyChecking=yes", "-p", std::to_string(node.port),
                          node.user + "@" + node.host, "true"});
}

int measure(const fl::NodesFile& nodes, int rounds) {
  std::vector<std::unique_ptr<fl::Remote>> remotes;
  for (const fl::NodeSpec& spec : nodes.nodes) remotes.push_back(std::make_unique<fl::SshRemote>(spec));
  std::vector<fl::Remote*> all;
  for (auto& r : remotes) all.push_back(r.get());
  fl::Remote& first = *remotes.front();
  const fl::Command true_cmd = fl::Command::of({"true"});
  if (!first.run(true_cmd)) {  // connect and authenticate once, outside the timing
    std::fprintf(stderr, "cannot reach %s\n", first.node().c_str());
    return 1;
  }
  double persistent = median_ms(rounds, [&] {
    auto r = first.run(true_cmd);
    return r && r->ok();
  });
  double process = median_ms(std::max(5, rounds / 10), [&] {
    return fl::run_local(ssh_process_command(nodes.nodes.front())).ok();
  });
  fl::run_on_nodes(all, true_cmd);  // connect the others
  double parallel = median_ms(rounds, [&] { return fl::all_succeeded(fl::run_on_nodes(all, true_cmd)); });
  std::printf("one command, median of %d rounds (cluster of %zu namespace nodes)\n", rounds,
              nodes.nodes.size());
  std::printf("  ssh process per command (baseline)  %8.2f ms\n", process);
  std::printf("  persistent libssh session           %8.2f ms   %.1fx faster (target >= 20x)\n",
              persistent, process / persistent);
  std::printf("  all %zu nodes in parallel             %8.2f ms   (target < 15 ms)\n",
              nodes.nodes.size(), parallel);
  return persistent > 0 && parallel > 0 && process > 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 200;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(10, std::atoi(argv[i + 1]));
  }
  fl::ClusterUpOptions up;
  up.name = "bench" + std::to_string(getpid() % 1000);
  up.nodes = 5;
  up.subnet = "10.213.77.0/24";
  up.nodes_file = "/tmp/faultline-remote-bench-" + std::to_string(getpid()) + ".yaml";
  fl::ClusterOutcome made = fl::cluster_up(up);
  if (!made.ok()) {
    std::fprintf(stderr, "cluster up failed: %s\n", made.error.c_str());
    return 1;
  }
  std::printf("cluster up: 5 nodes in %.2f s\n", made.seconds);
  int status = measure(made.nodes, rounds);
  fl::ClusterOutcome gone = fl::cluster_down(made.nodes.local_cluster);
  std::printf("cluster down: %.2f s%s\n", gone.seconds, gone.ok() ? "" : (" error: " + gone.error).c_str());
  std::remove(up.nodes_file.c_str());
  return status;
}
