// faultline_report_scale_bench: `faultline analyze` and `faultline report` on
// stored register runs of 1M and 10M operations (issue 16, "Scale": 10M ops
// analysed and reported in under 40 s and 1.5 GB, report.html under 10 MB).
//
// Each command runs as a child process of the real binary, so its time is the
// wall time a user waits and its peak RSS (wait4's ru_maxrss) is its own.
//
//   build/bench/faultline_report_scale_bench [--quick] [--keep] [--ops N ...]
//   build/bench/faultline_report_scale_bench --make DIR N   (only write a store)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "bench/stored_run_gen.h"

namespace fs = std::filesystem;
namespace fb = faultline::bench;

namespace {

struct Timed {
  double seconds = 0;      // wall time
  double cpu_seconds = 0;  // user + system: what a loaded machine does not inflate
  double peak_mib = 0;
  int status = -1;  // the exit status, -1 when it did not exit
};

// Runs FAULTLINE_BINARY with `args`, its output into `log`.
Timed run_faultline(const std::vector<std::string>& args, const std::string& log) {
  std::vector<std::string> argv_text{FAULTLINE_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    if (std::freopen(log.c_str(), "w", stdout) == nullptr) _exit(127);
    dup2(fileno(stdout), STDERR_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  Timed t;
  if (pid < 0) return t;
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  t.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  t.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  auto seconds_of = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  t.cpu_seconds = seconds_of(usage.ru_utime) + seconds_of(usage.ru_stime);
  if (WIFEXITED(status)) t.status = WEXITSTATUS(status);
  return t;
}

struct Row {
  int64_t ops = 0;
  double history_mib = 0, report_mib = 0;
  Timed analyze, report;
};

double file_mib(const fs::path& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return ec ? -1 : static_cast<double>(size) / (1 << 20);
}

Row measure(const fs::path& dir, int64_t ops) {
  Row row;
  row.ops = ops;
  fb::StoredRunOptions options;
  options.ops = ops;
  std::printf("  %lld ops: writing the store ...\n", static_cast<long long>(ops));
  std::fflush(stdout);
  if (auto error = fb::write_stored_run(dir.string(), options)) {
    std::printf("  cannot make the store: %s\n", error->c_str());
    return row;
  }
  row.history_mib = file_mib(dir / "history.jsonl");
  row.analyze = run_faultline({"analyze", dir.string()}, (dir / "analyze.out").string());
  row.report = run_faultline({"report", dir.string()}, (dir / "report.out").string());
  row.report_mib = file_mib(dir / "report.html");
  std::printf("  %9lld ops, history.jsonl %.1f MiB\n", static_cast<long long>(ops),
              row.history_mib);
  for (const auto& [name, t] :
       {std::pair{"analyze", row.analyze}, std::pair{"report", row.report}}) {
    std::printf("    %-8s %7.2f s wall %7.2f s cpu %8.1f MiB peak RSS  exit %d\n", name, t.seconds,
                t.cpu_seconds, t.peak_mib, t.status);
  }
  std::printf("    report.html %.2f MiB\n", row.report_mib);
  std::fflush(stdout);
  return row;
}

void print_ratio(const Row& small, const Row& big) {
  const double ops = static_cast<double>(big.ops) / static_cast<double>(small.ops);
  auto ratio = [](double b, double s) { return s > 0 ? b / s : 0.0; };
  std::printf(
      "  %lld / %lld ops (%.0fx): analyze wall %.2fx cpu %.2fx memory %.2fx; report wall %.2fx "
      "cpu %.2fx memory %.2fx; report.html %.2fx\n",
      static_cast<long long>(big.ops), static_cast<long long>(small.ops), ops,
      ratio(big.analyze.seconds, small.analyze.seconds),
      ratio(big.analyze.cpu_seconds, small.analyze.cpu_seconds),
      ratio(big.analyze.peak_mib, small.analyze.peak_mib),
      ratio(big.report.seconds, small.report.seconds),
      ratio(big.report.cpu_seconds, small.report.cpu_seconds),
      ratio(big.report.peak_mib, small.report.peak_mib), ratio(big.report_mib, small.report_mib));
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int64_t> sizes{1'000'000, 10'000'000};
  std::vector<int64_t> asked;
  bool keep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--make" && i + 2 < argc) {
      fb::StoredRunOptions options;
      options.ops = std::stoll(argv[i + 2]);
      auto error = fb::write_stored_run(argv[i + 1], options);
      if (error) std::fprintf(stderr, "%s\n", error->c_str());
      return error ? 1 : 0;
    }
    if (arg == "--quick")
      sizes = {100'000, 1'000'000};
    else if (arg == "--keep")
      keep = true;
    else if (arg == "--ops" && i + 1 < argc) {
      asked.push_back(std::stoll(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--quick] [--keep] [--ops N ...] | --make DIR N\n", argv[0]);
      return 254;
    }
  }
  if (!asked.empty()) sizes = asked;
  const fs::path root =
      fs::temp_directory_path() / ("faultline-report-scale-" + std::to_string(getpid()));
  std::printf(
      "faultline analyze / report on stored register runs (target at 10M ops: < 40 s, "
      "< 1.5 GB, report.html < 10 MB)\n");
  std::vector<Row> rows;
  for (int64_t ops : sizes) {
    const fs::path dir = root / std::to_string(ops);
    rows.push_back(measure(dir, ops));
    if (!keep) fs::remove_all(dir);
  }
  for (size_t i = 1; i < rows.size(); ++i) print_ratio(rows[i - 1], rows[i]);
  if (keep)
    std::printf("  stores kept in %s\n", root.c_str());
  else
    fs::remove_all(root);
  return 0;
}
