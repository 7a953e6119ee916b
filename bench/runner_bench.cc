// faultline_runner_bench: what the runner itself costs. 32 workers run the
// register workload against the in-memory store (no database, no network) at
// an unlimited rate, and the history is written to disk as it happens.
//
// Baseline, measured in the same run: one thread writing the same number of
// JSON lines (two per op) to a file, with no runner, threads or queue. Each
// case runs in a child process of its own, so its peak RSS is its own; the
// peak must not grow in proportion to the number of ops.
//
//   build/bench/faultline_runner_bench [--quick] [--dir DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>

#include "bench/child_run.h"
#include "harness/history/op_json.h"
#include "harness/runner/runner.h"
#include "workloads/memory_register.h"
#include "workloads/register.h"

namespace fl = faultline;

namespace {

constexpr int kWorkers = 32;

struct Report {
  double seconds = 0;
  int64_t ops = 0;  // client ops (each is two history lines)
};

using Figures = fl::bench::ChildRun<Report>;

double since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Report run_runner(int64_t ops, const std::string& path) {
  fl::GeneratorOptions options;
  options.concurrency = kWorkers;
  options.max_ops = ops;
  options.ops_per_key = 1000;
  options.active_keys = 16;
  options.final_ops = false;
  fl::Generator generator(options, std::make_unique<fl::RegisterWorkload>());
  fl::MemoryRegisterStore store;
  const auto start = std::chrono::steady_clock::now();
  auto writer = fl::HistoryWriter::open(path, fl::RunClock(start));
  if (!writer.ok()) {
    std::fprintf(stderr, "%s\n", writer.error().c_str());
    _exit(1);
  }
  fl::RunSummary summary = fl::run_workload(generator, fl::memory_register_clients(store), **writer,
                                            {{"n1", "n2", "n3", "n4", "n5"}}, {});
  if (auto error = (*writer)->close()) std::fprintf(stderr, "%s\n", error->c_str());
  return {since(start), summary.invoked};
}

// The same lines, written by one thread straight to a file.
Report run_baseline(int64_t ops, const std::string& path) {
  fl::RegisterWorkload workload;
  fl::Rng rng(1);
  const auto start = std::chrono::steady_clock::now();
  std::ofstream out(path, std::ios::trunc);
  const char* fs[] = {"read", "write", "cas"};
  for (int64_t i = 0; i < ops; ++i) {
    fl::Op op = workload.make_op(fs[i % 3], "k" + std::to_string(i / 1000), rng);
    op.index = 2 * i;
    op.process = i % kWorkers;
    op.node = "n1";
    op.time_ns = i * 1000;
    out << fl::op_to_jsonl(op) << '\n';
    op.index += 1;
    op.type = fl::OpType::kOk;
    out << fl::op_to_jsonl(op) << '\n';
  }
  out.flush();
  out.close();
  return {since(start), ops};
}

void print(const char* name, const Figures& f) {
  const double rate = f.report.seconds > 0 ? f.report.ops / f.report.seconds : 0;
  std::printf("  %-44s %9lld ops %8.2f s %10.0f ops/s %7.2f us/op %8.1f MiB%s\n", name,
              static_cast<long long>(f.report.ops), f.report.seconds, rate,
              f.report.ops ? 1e6 * f.report.seconds / f.report.ops : 0.0, f.peak_mib,
              f.ok ? "" : "  (crashed)");
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string dir = std::filesystem::temp_directory_path().string();
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    if (std::strcmp(argv[i], "--dir") == 0 && i + 1 < argc) dir = argv[++i];
  }
  const int64_t small = quick ? 100'000 : 1'000'000;
  const int64_t large = quick ? 1'000'000 : 10'000'000;
  const std::string path = dir + "/faultline-runner-bench-" + std::to_string(getpid()) + ".jsonl";
  std::printf(
      "runner: %d workers, in-memory register store, unlimited rate, %u cores; history in %s\n",
      kWorkers, std::thread::hardware_concurrency(), dir.c_str());
  std::printf("  (target: >= 100000 ops/s recorded to disk)\n");

  Figures runner_small = fl::bench::run_in_child<Report>([&] { return run_runner(small, path); });
  Figures baseline = fl::bench::run_in_child<Report>([&] { return run_baseline(small, path); });
  Figures runner_large = fl::bench::run_in_child<Report>([&] { return run_runner(large, path); });
  std::filesystem::remove(path);

  print("runner", runner_small);
  print("baseline: one thread writing the same lines", baseline);
  print("runner, 10x the ops", runner_large);
  const double per_op_us = 1e6 * runner_small.report.seconds / runner_small.report.ops;
  const double base_us = 1e6 * baseline.report.seconds / baseline.report.ops;
  std::printf(
      "  runner time / baseline time: %.2fx; overhead beyond writing the lines: %.2f us/op\n",
      runner_small.report.seconds / baseline.report.seconds, per_op_us - base_us);
  std::printf("  peak RSS at %lld ops vs %lld ops: %.1f MiB vs %.1f MiB (%.2fx for 10x the ops)\n",
              static_cast<long long>(small), static_cast<long long>(large), runner_small.peak_mib,
              runner_large.peak_mib, runner_large.peak_mib / runner_small.peak_mib);
  return runner_small.ok && runner_large.ok && baseline.ok ? 0 : 1;
}
