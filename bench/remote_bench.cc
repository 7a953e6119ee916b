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

#include "bench/bench_support.h"
#include "harness/cluster/local_process.h"
#include "harness/remote/parallel.h"
#include "harness/remote/ssh_remote.h"

namespace fl = faultline;

namespace {

int measure(const fl::NodesFile& nodes, int rounds) {
  std::vector<std::unique_ptr<fl::Remote>> remotes;
  for (const fl::NodeSpec& spec : nodes.nodes)
    remotes.push_back(std::make_unique<fl::SshRemote>(spec));
  std::vector<fl::Remote*> all;
  for (auto& r : remotes) all.push_back(r.get());
  fl::Remote& first = *remotes.front();
  const fl::Command true_cmd = fl::Command::of({"true"});
  if (!first.run(true_cmd)) {  // connect and authenticate once, outside the timing
    std::fprintf(stderr, "cannot reach %s\n", first.node().c_str());
    return 1;
  }
  double persistent = fl::bench::median_ms(rounds, [&] {
    auto r = first.run(true_cmd);
    return r && r->ok();
  });
  double process = fl::bench::median_ms(std::max(5, rounds / 10), [&] {
    return fl::run_local(fl::bench::ssh_process_command(nodes.nodes.front(), "true")).ok();
  });
  fl::run_on_nodes(all, true_cmd);  // connect the others
  double parallel = fl::bench::median_ms(
      rounds, [&] { return fl::all_succeeded(fl::run_on_nodes(all, true_cmd)); });
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
  fl::bench::BenchCluster cluster("bench", 5, "10.213.77.0/24");
  if (!cluster.ok()) return 1;
  return measure(cluster.nodes(), rounds);
}
