// faultline_clock_bench: how long a clock fault takes to apply, on a real
// local cluster of 5 namespace nodes that the benchmark makes and removes
// (root). Each node runs a stand-in database process (a copy of `sleep`).
//
// In one run it measures the median latency of
//   - the baseline: a faketime-mode bump on all 5 nodes (an offset file
//     written and the clock read before and after, as libfaketime programs
//     see it: the old way, which cannot reach Go programs),
//   - a process-mode bump (faultline-clock: find the process, attach, patch,
//     verify inside it) on one node, and on all 5 nodes in parallel,
//   - the reset that puts every process's vDSO back, on all 5 nodes,
// and prints ratios to the baseline. Target: a bump on 5 nodes under 50 ms.
//
//   build/bench/faultline_clock_bench [--rounds N]
#include <cstdio>
#include <cstring>
#include <memory>

#include "bench/bench_support.h"
#include "harness/remote/parallel.h"
#include "harness/remote/ssh_remote.h"
#include "nemeses/clock_faults.h"

namespace fl = faultline;

namespace {

constexpr char kTarget[] = "fl-clkb-target";

bool start_targets(const std::vector<fl::Remote*>& remotes) {
  fl::Command start = fl::Command::of(
      {"sh", "-c",
       "cp /bin/sleep \"/var/lib/faultline/$1\" && setsid \"/var/lib/faultline/$1\" 100000 "
       ">/dev/null 2>&1 </dev/null &",
       "start", kTarget});
  return fl::all_succeeded(fl::run_on_nodes(remotes, start));
}

int measure(const fl::NodesFile& nodes, int rounds) {
  std::vector<std::unique_ptr<fl::Remote>> owned;
  std::vector<fl::Remote*> remotes;
  fl::ClockContext faketime, process;
  process.process = {kTarget, "", true};
  process.helper = FAULTLINE_CLOCK_HELPER;
  faketime.helper = FAULTLINE_CLOCK_HELPER;
  for (const fl::NodeSpec& spec : nodes.nodes) {
    owned.push_back(std::make_unique<fl::SshRemote>(spec));
    remotes.push_back(owned.back().get());
    faketime.modes[spec.name] = fl::ClockMode::kFaketime;
    process.modes[spec.name] = fl::ClockMode::kProcess;
  }
  if (!start_targets(remotes)) {
    std::fprintf(stderr, "cannot start the target processes\n");
    return 1;
  }
  int sign = 1;
  auto bump = [&](const std::vector<fl::Remote*>& on, const fl::ClockContext& context) {
    sign = -sign;  // +1 s, -1 s, ...: the offset stays near 0
    fl::FaultOutcome outcome = fl::bump_clocks(on, sign * 1000, context);
    if (!outcome.ok()) std::fprintf(stderr, "%s\n", outcome.errors[0].c_str());
    return outcome.ok() && outcome.fault.nodes.size() == on.size();
  };
  // Sessions connected once, outside the timing; one mode at a time on a node.
  if (!bump(remotes, faketime)) return 1;
  const double baseline = fl::bench::median_ms(rounds, [&] { return bump(remotes, faketime); });
  fl::reset_clocks(remotes, FAULTLINE_CLOCK_HELPER);
  if (!bump(remotes, process)) return 1;  // patched once, outside the timing
  const double one = fl::bench::median_ms(rounds, [&] { return bump({remotes[0]}, process); });
  const double all = fl::bench::median_ms(rounds, [&] { return bump(remotes, process); });
  const double reset = fl::bench::median_ms(std::max(5, rounds / 5), [&] {
    bool ok = fl::all_succeeded(fl::reset_clocks(remotes, FAULTLINE_CLOCK_HELPER));
    return bump(remotes, process) && ok;  // patched again for the next reset
  });
  fl::reset_clocks(remotes, FAULTLINE_CLOCK_HELPER);
  std::printf("clock bump, median of %d rounds (cluster of %zu namespace nodes)\n", rounds,
              remotes.size());
  std::printf("  faketime mode, all nodes (baseline)             %8.2f ms\n", baseline);
  std::printf("  process mode (faultline-clock), one node        %8.2f ms   %.2fx the baseline\n",
              one, one / baseline);
  std::printf(
      "  process mode, all nodes in parallel             %8.2f ms   %.2fx the baseline "
      "(target < 50 ms)\n",
      all, all / baseline);
  std::printf("  reset + bump again, all nodes                   %8.2f ms\n", reset);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 30;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--rounds") == 0) rounds = std::max(5, std::atoi(argv[i + 1]));
  }
  fl::bench::BenchCluster cluster("clkb", 5, "10.213.79.0/24");
  if (!cluster.ok()) return 1;
  return measure(cluster.nodes(), rounds);
}
