// faultline_check_bench: speed and peak memory of the linearizability checker.
//
// Each case runs in a child process of its own, so its peak RSS is its own.
// Figures are reported as ratios against a baseline measured in the same run:
// one thread vs all cores, memoisation off vs on, a multi-key history against
// its first bad key alone, peak memory against the memory limit.
//
//   build/bench/faultline_check_bench [--quick] [--knossos DIR] [--only NAME]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "bench/child_run.h"
#include "checkers/linearizability.h"
#include "harness/history/history_reader.h"
#include "tests/support/random_history.h"

namespace fl = faultline;

namespace {

struct Figures {
  double seconds = 0;
  double peak_mib = 0;
  std::string verdict;
  int invalid_key = -1;
};

// What a case reports back through the pipe.
struct Report {
  double seconds;
  int verdict;
  int invalid_key = -1;  // a numbered key found invalid (the first listed), or -1
};

Figures run_in_child(const std::function<Report()>& body) {
  fl::bench::ChildRun<Report> run = fl::bench::run_in_child<Report>(body);
  Figures f;
  f.seconds = run.report.seconds;
  f.peak_mib = run.peak_mib;
  f.invalid_key = run.report.invalid_key;
  f.verdict =
      run.ok ? std::string(fl::to_string(static_cast<fl::Verdict>(run.report.verdict))) : "crashed";
  return f;
}

Report check_timed(const std::vector<fl::History>& histories, const std::string& model,
                   fl::LinearizabilityOptions options) {
  auto m = fl::make_model(model);
  auto start = std::chrono::steady_clock::now();
  fl::Verdict v = fl::Verdict::kValid;
  int invalid_key = -1;
  for (const fl::History& h : histories) {
    fl::LinearizabilityResult r = fl::check_linearizability(h, *m, options);
    v = fl::combine(v, r.verdict);
    for (const fl::PartResult& p : r.parts) {
      if (invalid_key < 0 && p.search.verdict == fl::Verdict::kInvalid && !p.name.empty() &&
          std::isdigit(static_cast<unsigned char>(p.name[0])))
        invalid_key = std::stoi(p.name);
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {s, static_cast<int>(v), invalid_key};
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

fl::History only_key(const fl::History& h, const std::string& key) {
  fl::History out;
  out.source = h.source;
  for (const fl::Op& op : h.ops)
    if (op.key == key) out.ops.push_back(op);
  return out;
}

fl::History hard_kv(int keys, int bad_keys, size_t ops_per_key, int processes = 10,
                    double info_rate = 0.1) {
  fl::testing::HardKvOptions o;
  o.processes = processes;
  o.info_rate = info_rate;
  o.keys = keys;
  o.bad_keys = bad_keys;
  o.ops_per_key = ops_per_key;
  std::mt19937_64 rng(1202);
  return fl::testing::hard_invalid_kv_history(o, rng);
}

// The case: 10 keys, 8 of them not linearizable and hard to search.
// Stopping at the first proof should cost about what that key costs alone.
constexpr size_t kQuickOpsPerKey = 150;
constexpr size_t kOpsPerKey = 200;

void first_bad_key_case(size_t ops_per_key) {
  std::printf("kv: 10 keys, 8 invalid, %zu ops per key, 10 processes, all cores\n", ops_per_key);
  auto body = [ops_per_key](const std::string& key, bool all_keys) {
    return [ops_per_key, key, all_keys] {
      fl::History h = hard_kv(10, 8, ops_per_key);
      std::vector<fl::History> hs{key.empty() ? std::move(h) : only_key(h, key)};
      fl::LinearizabilityOptions o;
      o.all_keys = all_keys;
      o.time_limit_seconds = 300;
      o.memory_limit_bytes = int64_t{4} << 30;
      return check_timed(hs, "kv", o);
    };
  };
  Figures first = run_in_child(body("", false));
  Figures all = run_in_child(body("", true));
  std::vector<Figures> alone;
  for (int k = 0; k < 8; ++k) alone.push_back(run_in_child(body(std::to_string(k), false)));
  const Figures* fastest = &alone[0];
  for (const Figures& f : alone)
    if (f.seconds < fastest->seconds) fastest = &f;
  // The key whose proof stopped the others, checked alone: the baseline.
  const int proved = first.invalid_key >= 0 && first.invalid_key < 8 ? first.invalid_key : 0;
  const Figures& baseline = alone[static_cast<size_t>(proved)];
  char name[64];
  std::snprintf(name, sizeof name, "bad key \"%d\" alone (baseline)", proved);
  print_row(name, baseline, nullptr, "");
  print_row("fastest bad key alone", *fastest, nullptr, "");
  print_row("whole history, stop at first", first, nullptr, "");
  print_row("whole history, --all-keys", all, nullptr, "");
  std::printf("  stop at first / the key it proved, alone: %.2fx;  --all-keys / stop at first: "
              "%.2fx\n",
              first.seconds / baseline.seconds, all.seconds / first.seconds);
}

// Peak RSS against --memory-limit on a history that needs more than the limit.
void memory_limit_case(const std::vector<double>& limits_mib) {
  constexpr size_t kMemoryOpsPerKey = 300;
  std::printf("memory limit: two hard kv keys of %zu ops, 20 processes, all cores\n",
              kMemoryOpsPerKey);
  for (double mib : limits_mib) {
    Figures f = run_in_child([mib] {
      std::vector<fl::History> hs{hard_kv(2, 2, kMemoryOpsPerKey, 20, 0.2)};
      fl::LinearizabilityOptions o;
      o.all_keys = true;
      o.memory_limit_bytes = static_cast<int64_t>(mib * 1024 * 1024);
      o.time_limit_seconds = 600;
      return check_timed(hs, "kv", o);
    });
    char name[64];
    std::snprintf(name, sizeof name, "--memory-limit %.0f", mib);
    print_row(name, f, nullptr, "");
    std::printf("  peak RSS / limit: %.3f  (peak - limit: %+.1f MiB)\n", f.peak_mib / mib,
                f.peak_mib - mib);
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string only;
  std::string knossos = std::string(FAULTLINE_TEST_DATA_DIR) + "/histories/knossos";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) quick = true;
    if (std::strcmp(argv[i], "--knossos") == 0 && i + 1 < argc) knossos = argv[++i];
    if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = argv[++i];
  }
  auto wanted = [&](const char* name) { return only.empty() || only == name; };
  if (wanted("cas-register")) cas_register_case(quick ? 10'000 : 100'000);
  if (wanted("kv")) kv_case(quick ? 100'000 : 1'000'000);
  if (wanted("knossos") && std::filesystem::is_directory(knossos)) knossos_case(knossos);
  if (wanted("first-bad-key")) first_bad_key_case(quick ? kQuickOpsPerKey : kOpsPerKey);
  if (wanted("memory-limit")) {
    memory_limit_case(quick ? std::vector<double>{100} : std::vector<double>{100, 300});
  }
  return 0;
}
