// faultline_check_bench: speed and peak memory of the linearizability checker.
//
// Each case runs in a child process of its own, so its peak RSS is its own.
// Figures are reported as ratios against a baseline measured in the same run:
// one thread vs all cores, memoisation off vs on.
//
//   build/bench/faultline_check_bench [--quick] [--knossos DIR]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bench/child_run.h"
#include "checkers/linearizability.h"
#include "harness/history_reader.h"
#include "tests/support/random_history.h"

namespace fl = faultline;

namespace {

struct Figures {
  double seconds = 0;
  double peak_mib = 0;
  std::string verdict;
};

// What a case reports back through the pipe.
struct Report {
  double seconds;
  int verdict;
};

Figures run_in_child(const std::function<Report()>& body) {
  fl::bench::ChildRun<Report> run = fl::bench::run_in_child<Report>(body);
  Figures f;
  f.seconds = run.report.seconds;
  f.peak_mib = run.peak_mib;
  f.verdict =
      run.ok ? std::string(fl::to_string(static_cast<fl::Verdict>(run.report.verdict))) : "crashed";
  return f;
}

Report check_timed(const std::vector<fl::History>& histories, const std::string& model,
                   fl::LinearizabilityOptions options) {
  auto m = fl::make_model(model);
  auto start = std::chrono::steady_clock::now();
  fl::Verdict v = fl::Verdict::kValid;
  for (const fl::History& h : histories)
    v = fl::combine(v, fl::check_linearizability(h, *m, options).verdict);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {s, static_cast<int>(v)};
}

void print_row(const char* name, const Figures& f, const Figures* baseline,
               const char* ratio_name) {
  std::printf("  %-34s %8.3f s %9.1f MiB  %-8s", name, f.seconds, f.peak_mib, f.verdict.c_str());
  if (baseline && f.seconds > 0)
    std::printf("  %s: %.2fx", ratio_name, baseline->seconds / f.seconds);
  std::printf("\n");
}

fl::History generated(const std::string& model, size_t ops, int processes, double info, int keys) {
  fl::testing::RandomHistoryOptions o;
  o.model = model;
  o.ops = ops;
  o.processes = processes;
  o.info_rate = info;
  o.keys = keys;
  o.unique_writes = model == "kv";
  std::mt19937_64 rng(42);
  return fl::testing::random_history(o, rng);
}

void cas_register_case(size_t ops) {
  std::printf("cas-register: %zu ops, 10 processes, 1%% info, valid (target < 2 s)\n", ops);
  auto body = [ops](bool memo) {
    return [ops, memo] {
      std::vector<fl::History> h{generated("cas-register", ops, 10, 0.01, 1)};
      fl::LinearizabilityOptions o;
      o.model.init = 0;
      o.threads = 1;
      o.memoize = memo;
      o.time_limit_seconds = 30;
      return check_timed(h, "cas-register", o);
    };
  };
  Figures on = run_in_child(body(true));
  Figures off = run_in_child(body(false));
  print_row("memoisation on", on, nullptr, "");
  print_row("memoisation off (baseline)", off, nullptr, "");
  std::printf("  speed-up of memoisation: %.2fx\n", off.seconds / on.seconds);
}

void kv_case(size_t ops) {
  std::printf("kv: 100 keys, %zu ops, 20 processes (target < 10 s on 2 cores, < 1 GiB)\n", ops);
  auto body = [ops](int threads) {
    return [ops, threads] {
      std::vector<fl::History> h{generated("kv", ops, 20, 0.01, 100)};
      fl::LinearizabilityOptions o;
      o.threads = threads;
      o.time_limit_seconds = 60;
      return check_timed(h, "kv", o);
    };
  };
  Figures one = run_in_child(body(1));
  Figures all = run_in_child(body(0));
  print_row("1 thread (baseline)", one, nullptr, "");
  print_row("all cores", all, &one, "speed-up");
}

void knossos_case(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir + "/cas-register"))
    if (e.is_regular_file()) files.push_back(e.path().string());
  std::printf("knossos cas-register folder: %zu files read and checked in one call\n",
              files.size());
  auto body = [files](int threads) {
    return [files, threads] {
      auto start = std::chrono::steady_clock::now();
      std::vector<fl::History> hs;
      for (const std::string& f : files)
        hs.push_back(std::move(*fl::read_history_file(f, fl::HistoryFormat::kAuto)));
      double reading =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      fl::LinearizabilityOptions o;
      o.model.init = 0;
      o.model.nil_read = fl::NilRead::kUnobserved;
      o.threads = threads;
      Report r = check_timed(hs, "cas-register", o);
      r.seconds += reading;                               // the whole call: read and check
      r.verdict = static_cast<int>(fl::Verdict::kValid);  // the folder mixes good and bad
      return r;
    };
  };
  Figures one = run_in_child(body(1));
  Figures all = run_in_child(body(0));
  one.verdict = all.verdict = "mixed";
  print_row("1 thread (baseline)", one, nullptr, "");
  print_row("all cores", all, &one, "speed-up");
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string knossos = std::string(FAULTLINE_TEST_DATA_DIR) + "/histories/knossos";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    if (std::strcmp(argv[i], "--knossos") == 0 && i + 1 < argc) knossos = argv[++i];
  }
  cas_register_case(quick ? 10'000 : 100'000);
  kv_case(quick ? 100'000 : 1'000'000);
  if (std::filesystem::is_directory(knossos)) knossos_case(knossos);
  return 0;
}
