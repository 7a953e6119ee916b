// faultline_nemesis_bench: how long applying a fault to every node takes, on
// a real local cluster of 5 namespace nodes that the benchmark makes and
// removes (root).
//
// In one run it measures the median latency of
//   - applying a partition (halves) to all 5 nodes over persistent sessions,
//   - healing it (removing faultline's chain) on all 5 nodes,
//   - the baseline: the same partition applied by starting one `ssh` process
//     per node, all 5 in parallel (what a shell-script nemesis would do),
// and prints the ratio. Target: a partition applied in under 20 ms median.
//
//   build/bench/faultline_nemesis_bench [--rounds N]
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <thread>

#include "bench/bench_support.h"
#include "harness/cluster/local_process.h"
#include "harness/remote/parallel.h"
#include "harness/remote/shell.h"
#include "harness/remote/ssh_remote.h"
#include "nemeses/partition.h"
#include "nemeses/partition_shapes.h"

namespace fl = faultline;

namespace {

int measure(const fl::NodesFile& nodes, int rounds) {
  std::vector<std::unique_ptr<fl::Remote>> owned;
  std::vector<fl::Remote*> remotes;
  std::map<std::string, std::string> hosts;
  std::vector<std::string> names;
  for (const fl::NodeSpec& spec : nodes.nodes) {
    owned.push_back(std::make_unique<fl::SshRemote>(spec));
    remotes.push_back(owned.back().get());
    hosts[spec.name] = spec.host;
    names.push_back(spec.name);
  }
  std::map<std::string, std::string> addresses;
  if (std::string e = fl::resolve_addresses(hosts, &addresses); !e.empty()) {
    std::fprintf(stderr, "%s\n", e.c_str());
    return 1;
  }
  std::mt19937_64 rng(1);
  fl::Parsed<fl::Grudge> grudge = fl::make_grudge({"halves", "", {}, ""}, names, rng);
  if (!grudge) return 1;
  // Connect every session once, outside the timing.
  if (!fl::all_succeeded(fl::heal_network(remotes))) {
    std::fprintf(stderr, "cannot reach every node\n");
    return 1;
  }
  // Each round applies then heals; both are timed, separately.
  std::vector<double> apply_ms, heal_ms;
  for (int i = 0; i < rounds; ++i) {
    double a = fl::bench::median_ms(
        1, [&] { return fl::all_succeeded(fl::apply_partition(remotes, *grudge, addresses)); });
    double h =
        fl::bench::median_ms(1, [&] { return fl::all_succeeded(fl::heal_network(remotes)); });
    if (a < 0 || h < 0) {
      std::fprintf(stderr, "a partition or heal failed on some node\n");
      return 1;
    }
    apply_ms.push_back(a);
    heal_ms.push_back(h);
  }
  // The same on one node alone: what each node costs when it has its own CPU
  // (here 5 namespace nodes share the machine's cores).
  std::vector<double> one_ms;
  for (int i = 0; i < rounds; ++i) {
    one_ms.push_back(fl::bench::median_ms(1, [&] {
      return fl::all_succeeded(fl::apply_partition({remotes[0]}, *grudge, addresses));
    }));
    fl::heal_network({remotes[0]});
  }
  double apply = fl::bench::median_of(apply_ms);
  double heal = fl::bench::median_of(heal_ms);
  std::map<std::string, fl::Command> per_node = fl::partition_commands(*grudge, addresses);
  double process = fl::bench::median_ms(std::max(5, rounds / 10), [&] {
    std::vector<std::jthread> threads;
    std::vector<int> ok(nodes.nodes.size(), 0);
    for (size_t i = 0; i < nodes.nodes.size(); ++i) {
      threads.emplace_back([&, i] {
        const fl::NodeSpec& spec = nodes.nodes[i];
        auto command = per_node.find(spec.name);
        if (command == per_node.end()) {
          ok[i] = 1;
          return;
        }
        fl::Command as_root = command->second;
        as_root.sudo = false;  // the nodes log in as root
        fl::Command ssh =
            fl::bench::ssh_process_command(spec, fl::remote_command_line(as_root, false));
        fl::CommandResult r = fl::run_local(ssh);
        if (!r.ok()) {
          std::fprintf(stderr, "baseline on %s: %s\n", spec.name.c_str(), r.tail().c_str());
        }
        ok[i] = r.ok();
      });
    }
    threads.clear();  // joins
    return std::all_of(ok.begin(), ok.end(), [](int v) { return v != 0; });
  });
  fl::heal_network(remotes);
  std::printf("partition (halves) on %zu nodes, median of %d rounds\n", remotes.size(), rounds);
  std::printf("  ssh process per node, in parallel (baseline)  %8.2f ms\n", process);
  std::printf(
      "  apply over persistent sessions                %8.2f ms   %.1fx faster "
      "(target < 20 ms)\n",
      apply, process / apply);
  std::printf("  apply on one node alone                       %8.2f ms\n",
              fl::bench::median_of(one_ms));
  std::printf("  heal over persistent sessions                 %8.2f ms\n", heal);
  return process > 0 ? 0 : 1;
}

}  // namespace
int main(int argc, char** argv) {
  int rounds = 100;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(10, std::atoi(argv[i + 1]));
  }
  fl::bench::BenchCluster cluster("nemb", 5, "10.213.78.0/24");
  if (!cluster.ok()) return 1;
  return measure(cluster.nodes(), rounds);
}
