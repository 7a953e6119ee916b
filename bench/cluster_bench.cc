// faultline_cluster_bench: how long a cluster of 5 containers takes to come up
// and go down (the node image cached) against 5 namespace nodes, measured in
// one run on this machine, as a ratio. Needs root; uses the running dockerd or
// starts one for the benchmark (and stops it again).
//
// Rounds alternate the two kinds, so a machine busy with other work slows both
// alike; each figure is the median of its rounds.
//
//   build/bench/faultline_cluster_bench [--rounds N] [--nodes N]
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "harness/docker/docker_cluster.h"
#include "harness/docker/node_image.h"
#include "tests/support/docker_daemon.h"

namespace fl = faultline;

namespace {

struct Timings {
  std::vector<double> up, down;
};

// One `up` and `down` of a cluster; false (and the error printed) when either failed.
bool one_round(bool containers, const fl::ClusterUpOptions& options, Timings* timings) {
  fl::ClusterOutcome up;
  if (containers) {
    fl::DockerClusterOptions docker;
    docker.cluster = options;
    up = fl::docker_cluster_up(docker);
  } else {
    up = fl::cluster_up(options);
  }
  fl::ClusterOutcome down = fl::any_cluster_down(options.state_root + "/" + options.name);
  if (!up.ok() || !down.ok()) {
    std::fprintf(stderr, "%s cluster: %s%s\n", containers ? "container" : "namespace",
                 up.error.c_str(), down.error.c_str());
    return false;
  }
  timings->up.push_back(up.seconds);
  timings->down.push_back(down.seconds);
  return true;
}

void print_row(const char* what, const Timings& t) {
  const double up = fl::bench::median_of(t.up), down = fl::bench::median_of(t.down);
  std::printf("  %-22s up %6.2f s   down %6.2f s   up+down %6.2f s\n", what, up, down, up + down);
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 3, nodes = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--nodes") == 0) nodes = std::max(1, std::atoi(argv[i + 1]));
  }
  if (::geteuid() != 0) {
    std::fprintf(stderr, "faultline_cluster_bench needs root (it makes clusters)\n");
    return 1;
  }
  fl::DockerDaemonForTest daemon;
  if (!daemon.why_not().empty()) {
    std::fprintf(stderr, "needs dockerd: %s\n", daemon.why_not().c_str());
    return 1;
  }
  const fl::ImageBuildOutcome image = fl::build_node_image(fl::DockerCli(), {});
  if (!image.ok()) {
    std::fprintf(stderr, "the node image: %s\n", image.error.c_str());
    return 1;
  }
  std::printf("node image %s %s; dockerd %s\n", image.tag.c_str(),
              image.cached ? "cached" : "built now",
              daemon.started_here() ? "started for the benchmark" : "already running");

  fl::ClusterUpOptions options;
  options.name = "bc" + std::to_string(::getpid() % 10000);
  options.nodes = nodes;
  options.subnet = "10.213.54.0/24";
  options.nodes_file = "/tmp/faultline-" + options.name + ".yaml";
  Timings namespaces, containers;
  for (int round = 0; round < rounds; ++round) {
    if (!one_round(false, options, &namespaces) || !one_round(true, options, &containers)) {
      return 1;
    }
  }
  std::remove(options.nodes_file.c_str());
  std::printf("cluster up + down of %d nodes, median of %d rounds each\n", nodes, rounds);
  print_row("namespace nodes", namespaces);
  print_row("containers", containers);
  const double ns = fl::bench::median_of(namespaces.up) + fl::bench::median_of(namespaces.down);
  const double ct = fl::bench::median_of(containers.up) + fl::bench::median_of(containers.down);
  std::printf("  containers / namespaces: up %.1fx, up+down %.1fx\n",
              fl::bench::median_of(containers.up) / fl::bench::median_of(namespaces.up), ct / ns);
  return 0;
}
