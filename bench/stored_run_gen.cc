#include "bench/stored_run_gen.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "harness/run/results.h"

namespace faultline::bench {
namespace {

constexpr int64_t kNullValue = -1;  // a register nobody wrote yet reads nil
constexpr int64_t kNsPerS = 1'000'000'000;

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

enum class Stage { kIdle, kInvoked, kApplied };

struct Worker {
  int64_t process = 0;
  Stage stage = Stage::kIdle;
  int64_t key = 0;
  int f = 0;                    // 0 read, 1 write, 2 cas
  int64_t arg1 = 0, arg2 = 0;   // write: the value; cas: old, new
  char outcome = 'o';           // 'o' ok, 'f' fail, 'i' info
  int64_t result = kNullValue;  // a read's value
};

const char* kFs[] = {"read", "write", "cas"};

class Writer {
 public:
  explicit Writer(std::FILE* out) : out_(out) {}

  void client(int64_t index, const Worker& w, bool invoke, int64_t time_ns, int nodes) {
    const char* type = invoke             ? "invoke"
                       : w.outcome == 'o' ? "ok"
                       : w.outcome == 'f' ? "fail"
                                          : "info";
    std::fprintf(out_,
                 "{\"index\":%lld,\"process\":%lld,\"type\":\"%s\",\"f\":\"%s\",\"key\":\"k%lld\",",
                 ll(index), ll(w.process), type, kFs[w.f], ll(w.key));
    if (w.f == 0) {
      if (invoke || w.outcome != 'o' || w.result == kNullValue)
        std::fputs("\"value\":null", out_);
      else
        std::fprintf(out_, "\"value\":%lld", ll(w.result));
    } else if (w.f == 1) {
      std::fprintf(out_, "\"value\":%lld", ll(w.arg1));
    } else {
      std::fprintf(out_, "\"value\":[%lld,%lld]", ll(w.arg1), ll(w.arg2));
    }
    std::fprintf(out_, ",\"time\":%lld,\"node\":\"n%lld\"", ll(time_ns), ll(w.process % nodes + 1));
    if (!invoke && w.outcome == 'f') std::fputs(",\"error\":\"precondition failed\"", out_);
    if (!invoke && w.outcome == 'i') std::fputs(",\"error\":\"timeout\"", out_);
    std::fputs("}\n", out_);
  }

  void nemesis(int64_t index, const char* f, const char* value, int64_t time_ns) {
    std::fprintf(out_,
                 "{\"index\":%lld,\"process\":\"nemesis\",\"type\":\"info\",\"f\":\"%s\","
                 "\"value\":%s,\"time\":%lld}\n",
                 ll(index), f, value, ll(time_ns));
  }

 private:
  static long long ll(int64_t v) { return static_cast<long long>(v); }
  std::FILE* out_;
};

struct Counts {
  int64_t invoked = 0, ok = 0, failed = 0, info = 0, faults = 0, end_ns = 0;
};

// The op takes effect now: decides its outcome against the key's state.
void apply(Worker& w, std::vector<int64_t>& state, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> chance(0, 1);
  const bool info = chance(rng) < 0.01;
  const bool takes_effect = !info || chance(rng) < 0.5;
  int64_t& value = state[static_cast<size_t>(w.key)];
  w.outcome = info ? 'i' : 'o';
  if (w.f == 0) {
    w.result = value;
  } else if (w.f == 1) {
    if (takes_effect) value = w.arg1;
  } else if (value == w.arg1 && value != kNullValue) {
    if (takes_effect) value = w.arg2;
  } else if (!info) {
    w.outcome = 'f';
  }
}

Counts write_history(const std::string& path, const StoredRunOptions& o) {
  File file(std::fopen(path.c_str(), "w"));
  if (!file) return {};
  std::vector<char> buffer(1 << 20);
  std::setvbuf(file.get(), buffer.data(), _IOFBF, buffer.size());
  Writer out(file.get());
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> chance(0, 1);
  std::uniform_int_distribution<int64_t> step_ns(20'000, 180'000);
  constexpr int kNodes = 3;

  std::vector<Worker> workers(static_cast<size_t>(o.concurrency));
  for (size_t i = 0; i < workers.size(); ++i) workers[i].process = static_cast<int64_t>(i);
  std::vector<int64_t> window;                 // the active keys
  std::vector<int64_t> state, invoked_on_key;  // per key ever used
  std::vector<int64_t> next_value;             // per key: the next unique value to write
  auto new_key = [&] {
    window.push_back(static_cast<int64_t>(state.size()));
    state.push_back(kNullValue);
    invoked_on_key.push_back(0);
    next_value.push_back(1);
  };
  for (int i = 0; i < o.active_keys; ++i) new_key();

  Counts counts;
  int64_t index = 0, now = 0, busy = 0;
  const int64_t period = static_cast<int64_t>(o.fault_period_s * kNsPerS);
  int64_t next_fault = period, fault_ends = -1;
  std::uniform_int_distribution<size_t> pick_worker(0, workers.size() - 1);
  while (counts.invoked < o.ops || busy > 0) {
    now += step_ns(rng);
    if (fault_ends < 0 && now >= next_fault) {
      out.nemesis(index++, "start-partition", "{\"shape\":\"halves\"}", now);
      now += 26'000'000;
      out.nemesis(index++, "start-partition",
                  "{\"n1\":[\"n2\",\"n3\"],\"n2\":[\"n1\"],\"n3\":[\"n1\"]}", now);
      fault_ends = now + period / 2;
      ++counts.faults;
    } else if (fault_ends >= 0 && now >= fault_ends) {
      out.nemesis(index++, "stop-partition",
                  "{\"n1\":[\"n2\",\"n3\"],\"n2\":[\"n1\"],\"n3\":[\"n1\"]}", now);
      now += 30'000'000;
      out.nemesis(index++, "stop-partition", "{\"nodes\":[\"n1\",\"n2\",\"n3\"]}", now);
      fault_ends = -1;
      next_fault = now + period / 2;
    }
    Worker& w = workers[pick_worker(rng)];
    if (w.stage == Stage::kIdle) {
      if (counts.invoked >= o.ops) continue;
      std::uniform_int_distribution<size_t> pick_key(0, window.size() - 1);
      const size_t slot = pick_key(rng);
      w.key = window[slot];
      const double r = chance(rng);
      w.f = r < 0.5 ? 0 : r < 0.8 ? 1 : 2;
      const size_t k = static_cast<size_t>(w.key);
      if (w.f == 1) w.arg1 = next_value[k]++;
      if (w.f == 2) {
        const int64_t current = state[k] == kNullValue ? 1 : state[k];
        w.arg1 = chance(rng) < 0.6 ? current : current + 1;
        w.arg2 = next_value[k]++;
      }
      w.result = kNullValue;
      out.client(index++, w, true, now, kNodes);
      ++counts.invoked;
      ++busy;
      w.stage = Stage::kInvoked;
      if (++invoked_on_key[k] >= o.ops_per_key) {  // the key retires: a fresh one takes its slot
        window.erase(window.begin() + static_cast<std::ptrdiff_t>(slot));
        new_key();
      }
    } else if (w.stage == Stage::kInvoked) {
      apply(w, state, rng);
      w.stage = Stage::kApplied;
    } else {
      out.client(index++, w, false, now, kNodes);
      counts.ok += w.outcome == 'o';
      counts.failed += w.outcome == 'f';
      counts.info += w.outcome == 'i';
      if (w.outcome == 'i') w.process += o.concurrency;  // Jepsen: a fresh process after info
      w.stage = Stage::kIdle;
      --busy;
    }
  }
  counts.end_ns = now;
  if (std::fflush(file.get()) != 0 || std::ferror(file.get())) return {};
  return counts;
}

}  // namespace

std::optional<std::string> write_stored_run(const std::string& dir,
                                            const StoredRunOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return "cannot make " + dir + ": " + ec.message();
  const Counts counts = write_history(dir + "/history.jsonl", options);
  if (counts.invoked != options.ops) return "cannot write " + dir + "/history.jsonl";
  const double seconds = static_cast<double>(counts.end_ns) / kNsPerS;
  // The blocks `faultline run` writes, from the functions it writes them with.
  TestFile test;
  test.name = "bench-register";
  test.concurrency = options.concurrency;
  test.rate = 0;
  test.time_limit = std::chrono::milliseconds(counts.end_ns / 1'000'000);
  test.keys.ops_per_key = options.ops_per_key;
  test.keys.active = options.active_keys;
  Json results = initial_results(test, options.seed, "2026-12-03T10:00:00Z");
  results["finished"] = "2026-12-03T11:00:00Z";
  results["seconds"] = seconds;
  results["nodes"] = nodes_json(
      {"n1", "n2", "n3"}, {{"n1", "10.213.90.2"}, {"n2", "10.213.90.3"}, {"n3", "10.213.90.4"}});
  results["run"] = run_summary_json({.invoked = counts.invoked,
                                     .ok = counts.ok,
                                     .failed = counts.failed,
                                     .indeterminate = counts.info,
                                     .reached = Phase::kDone});
  results["nemesis"] = {{"faults_started", counts.faults},
                        {"errors", Json::array()},
                        {"still_active", Json::array()}};
  results["phase_starts_s"] = {
      {"main", 0.0}, {"quiesce", seconds}, {"final", seconds}, {"done", seconds}};
  std::ofstream(dir + "/results.json") << results.dump(2) << "\n";
  std::ofstream(dir + "/test.yaml")
      << "name: bench-register\nworkload: register\nconcurrency: " << options.concurrency << "\n";
  return std::nullopt;
}

}  // namespace faultline::bench
