// faultline_elle_bench: speed and peak memory of the Elle checker on
// list-append histories of 100k and 1M txns (4 micro-ops each, 10
// processes, valid: each txn takes effect at its completion), and the ratio
// of the two (10x is linear growth). Targets: 1M txns in < 3 s on one core,
// < 2 GiB peak RSS (the history itself included).
//
// Each case runs in a child process of its own, so its peak RSS is its own.
//
// By default the ops are streamed into the checker's table as they are made;
// --whole holds the history first (its JSON values take most of the memory
// then). --file writes each history to a JSON-lines file and checks the
// file as `faultline check --model list-append` does (streamed in parts,
// elle_file.h) against the baseline of reading it whole first, as a ratio.
//
//   build/bench/faultline_elle_bench [--quick] [--realtime] [--whole | --file]
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "bench/child_run.h"
#include "checkers/elle/elle_checker.h"
#include "checkers/elle/elle_file.h"
#include "harness/history/history_reader.h"
#include "harness/history/op_json.h"

namespace fl = faultline;

namespace {

constexpr int kProcesses = 10;
constexpr int kActiveKeys = 10;
constexpr int kAppendsPerKey = 32;  // then the key retires and a fresh one takes its place

// A database that runs each txn atomically when it completes. Keys are
// "k<n>"; a key retires after kAppendsPerKey appends (it keeps its list:
// txns planned before may still touch it) and a fresh one takes its slot.
class AppendDatabase {
 public:
  explicit AppendDatabase(uint64_t seed) : rng_(seed) {
    for (int64_t& slot : slots_) slot = fresh_key();
  }

  // Four micro-ops on active keys: appends of fresh values, or reads (nil).
  fl::Json plan() {
    fl::Json mops = fl::Json::array();
    for (int i = 0; i < 4; ++i) {
      const int64_t key = slots_[rng_() % kActiveKeys];
      const std::string name = "k" + std::to_string(key);
      if (rng_() % 2) {
        mops.push_back({"r", name, nullptr});
      } else {
        mops.push_back({"append", name, ++next_value_});
      }
    }
    return mops;
  }

  // Runs the planned txn now: reads see the lists as they are.
  fl::Json run(fl::Json mops) {
    for (fl::Json& mop : mops) {
      std::vector<int64_t>& list =
          lists_[std::stoll(mop[1].get_ref<const std::string&>().substr(1))];
      if (mop[0].get_ref<const std::string&>()[0] == 'r') {
        mop[2] = list;
      } else {
        list.push_back(mop[2].get<int64_t>());
      }
    }
    for (int64_t& slot : slots_)
      if (lists_[slot].size() >= kAppendsPerKey) slot = fresh_key();
    return mops;
  }

 private:
  int64_t fresh_key() {
    lists_.emplace_back();
    return static_cast<int64_t>(lists_.size()) - 1;
  }

  std::mt19937_64 rng_;
  int64_t slots_[kActiveKeys];
  std::vector<std::vector<int64_t>> lists_;  // per key
  int64_t next_value_ = 0;
};

// Makes the ops of a history of `txns` txns, handing each to `sink` in order.
void append_history(size_t txns, uint64_t seed, const std::function<void(fl::Op&&)>& sink) {
  AppendDatabase db(seed);
  std::mt19937_64 rng(seed + 1);
  std::vector<fl::Json> open(kProcesses);
  int64_t index = 0;
  auto add = [&](int process, fl::OpType type, fl::Json value) {
    fl::Op op;
    op.index = index++;
    op.process = process;
    op.type = type;
    op.f = "txn";
    op.value = std::move(value);
    op.source_line = op.index + 1;
    sink(std::move(op));
  };
  size_t invoked = 0, completed = 0;
  while (completed < txns) {
    const int p = static_cast<int>(rng() % kProcesses);
    if (open[p].is_null()) {
      if (invoked == txns) continue;
      open[p] = db.plan();
      add(p, fl::OpType::kInvoke, open[p]);
      ++invoked;
    } else {
      add(p, fl::OpType::kOk, db.run(std::move(open[p])));
      open[p] = nullptr;
      ++completed;
    }
  }
}

double resident_mib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1 << 20);
}

struct Report {
  double seconds = 0;
  double read_seconds = 0;  // of `seconds`, making the table (streamed only)
  double history_mib = 0;   // resident after making the history, before checking
  int verdict = 0;
  size_t edges = 0;
};

struct Figures {
  Report report;
  double peak_mib = 0;
  bool ok = false;
};

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// streamed: each op goes to the checker's table as it is made (as a reader
// that streams a file would hand it over), and only the table is kept; else
// the whole history is held first, as `faultline check` holds a file.
Figures measure(size_t txns, bool realtime, bool streamed) {
  fl::bench::ChildRun<Report> run = fl::bench::run_in_child<Report>([&] {
    fl::elle::ElleOptions options;
    options.realtime_order = realtime;
    options.process_order = realtime;
    Report r;
    fl::elle::ElleResult result;
    if (streamed) {
      fl::elle::TxnTableBuilder builder(options.workload, "bench");
      double reading = 0;
      append_history(txns, 7, [&](fl::Op&& op) {
        const auto start = Clock::now();
        if (auto error = builder.add(op)) std::fprintf(stderr, "%s\n", error->to_string().c_str());
        reading += since(start);
      });
      std::vector<fl::HistoryNote> notes;
      const auto start = Clock::now();
      const fl::elle::TxnTable table = builder.finish(&notes);
      result = fl::elle::check_txns(table, options);
      r.seconds = reading + since(start);
      r.read_seconds = reading + (result.seconds > 0 ? since(start) - result.seconds : 0);
    } else {
      fl::History h;
      h.ops.reserve(txns * 2);
      append_history(txns, 7, [&](fl::Op&& op) { h.ops.push_back(std::move(op)); });
      r.history_mib = resident_mib();
      const auto start = Clock::now();
      result = fl::elle::check_elle(h, options);
      r.seconds = since(start);
    }
    r.verdict = static_cast<int>(result.verdict);
    r.edges = result.edges;
    return r;
  });
  return {run.report, run.peak_mib, run.ok};
}

// The history of `txns` txns as a JSON-lines file; its path.
std::string write_history_file(size_t txns) {
  const std::string path = "/tmp/faultline-elle-bench-" + std::to_string(getpid()) + "-" +
                           std::to_string(txns) + ".jsonl";
  std::ofstream out(path);
  append_history(txns, 7, [&](fl::Op&& op) { out << fl::op_to_jsonl(op) << '\n'; });
  return path;
}

// Checks the file: streamed in parts, or (the baseline) read whole first.
Figures measure_file(const std::string& path, bool realtime, bool streamed) {
  fl::bench::ChildRun<Report> run = fl::bench::run_in_child<Report>([&] {
    fl::elle::ElleOptions options;
    options.realtime_order = realtime;
    options.process_order = realtime;
    Report r;
    const auto start = Clock::now();
    fl::elle::ElleResult result;
    if (streamed) {
      result = fl::elle::check_elle_file(path, options);
    } else {
      fl::Parsed<fl::History> h =
          fl::read_history_file(path, fl::HistoryFormat::kJsonl, int64_t{16} << 30);
      if (!h) std::fprintf(stderr, "%s\n", h.error().to_string().c_str());
      r.history_mib = resident_mib();
      if (h) result = fl::elle::check_elle(*h, options);
    }
    r.seconds = since(start);
    r.verdict = static_cast<int>(result.verdict);
    r.edges = result.edges;
    return r;
  });
  return {run.report, run.peak_mib, run.ok};
}

void print_row(size_t txns, const Figures& f) {
  std::printf("  %8zu txns  %7.3f s  %8.0f txns/s  %7.1f MiB peak", txns, f.report.seconds,
              f.report.seconds > 0 ? static_cast<double>(txns) / f.report.seconds : 0, f.peak_mib);
  if (f.report.history_mib > 0) std::printf(" (history %.1f MiB)", f.report.history_mib);
  if (f.report.read_seconds > 0)
    std::printf("  (reading ops %.3f s, checking %.3f s)", f.report.read_seconds,
                f.report.seconds - f.report.read_seconds);
  std::printf("  %zu edges  %s\n", f.report.edges,
              f.ok ? std::string(fl::to_string(static_cast<fl::Verdict>(f.report.verdict))).c_str()
                   : "crashed");
}

// Both sizes from a file, streamed and whole, with the ratios of the two.
int run_file_cases(size_t small, size_t large, bool realtime) {
  std::printf(
      "elle list-append from a JSON-lines file: streamed in parts (as faultline check "
      "does) vs read whole first (the baseline)\n");
  bool ok = true;
  Figures streamed_small;
  for (size_t txns : {small, large}) {
    const std::string path = write_history_file(txns);
    std::printf(" file of %.1f MiB\n",
                static_cast<double>(std::ifstream(path, std::ios::ate).tellg()) / (1 << 20));
    const Figures streamed = measure_file(path, realtime, true);
    std::printf(" streamed");
    print_row(txns, streamed);
    const Figures held = measure_file(path, realtime, false);
    std::printf(" whole   ");
    print_row(txns, held);
    if (streamed.ok && held.ok && held.peak_mib > 0 && held.report.seconds > 0) {
      std::printf("  streamed / whole: %.2fx the peak memory, %.2fx the time\n",
                  streamed.peak_mib / held.peak_mib, streamed.report.seconds / held.report.seconds);
    }
    if (txns == small)
      streamed_small = streamed;
    else if (streamed_small.ok && streamed.ok && streamed_small.report.seconds > 0)
      std::printf("  growth for 10x the txns (streamed): %.2fx the time\n",
                  streamed.report.seconds / streamed_small.report.seconds);
    ok = ok && streamed.ok && held.ok;
    std::remove(path.c_str());
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, realtime = false, whole = false, file = false;
  for (int i = 1; i < argc; ++i) {
    quick = quick || std::strcmp(argv[i], "--quick") == 0;
    realtime = realtime || std::strcmp(argv[i], "--realtime") == 0;
    whole = whole || std::strcmp(argv[i], "--whole") == 0;
    file = file || std::strcmp(argv[i], "--file") == 0;
  }
  const size_t small = quick ? 10'000 : 100'000;
  const size_t large = small * 10;
  if (file) return run_file_cases(small, large, realtime);
  std::printf("elle list-append: 4 micro-ops a txn, %d processes, valid%s; %s\n", kProcesses,
              realtime ? ", with process and real-time order" : "",
              whole ? "the whole history held first (as faultline check holds a file)"
                    : "ops streamed into the checker (target: 1M in < 3 s, < 2 GiB)");
  const Figures a = measure(small, realtime, !whole);
  print_row(small, a);
  const Figures b = measure(large, realtime, !whole);
  print_row(large, b);
  if (a.ok && b.ok && a.report.seconds > 0) {
    std::printf("  growth for 10x the txns: %.2fx the time (linear: 10x)\n",
                b.report.seconds / a.report.seconds);
  }
  return a.ok && b.ok ? 0 : 1;
}
