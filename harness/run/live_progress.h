// Live progress during `faultline run`: what the line says and when it is
// said. On a terminal, one line redrawn every second; otherwise (CI) a plain
// line every 10 s. Pure pieces here (the text, the throughput, the cadence,
// the run's state); progress_reporter.h draws them on a thread of its own.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "harness/history/op.h"
#include "harness/runner/live_counts.h"

namespace faultline {

enum class ProgressMode { kAuto, kTty, kPlain, kOff };

// "auto", "tty", "plain", "off"; nothing for any other word.
std::optional<ProgressMode> parse_progress_mode(const std::string& word);
// kAuto becomes kTty when stdout is a terminal, else kPlain.
ProgressMode resolve_progress_mode(ProgressMode mode, bool stdout_is_terminal);

struct ProgressSnapshot {
  std::string phase;                  // "setup", "running", "healing", "final reads", "checking"
  double elapsed_s = 0;               // since the run began
  std::optional<double> remaining_s;  // of the main phase, while it runs
  int64_t invoked = 0;
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t info = 0;
  std::optional<double> ops_per_s;         // completions per second lately; none until measured
  std::vector<std::string> active_faults;  // kinds, as the nemesis applies them
};

// "running, fault active: partition | 12.0 s, 28.0 s left | 1234 ops: 1200 ok, 20 fail,
// 14 info | 98.5 ops/s". Cut to `width` characters (UTF-8 aware) when longer.
std::string render_progress_line(const ProgressSnapshot& snapshot, size_t width = 0);

// Completions per second over the last `window`: samples of the completed
// count, the oldest dropped as new ones come.
class ThroughputMeter {
 public:
  explicit ThroughputMeter(std::chrono::steady_clock::duration window = std::chrono::seconds(5))
      : window_(window) {}
  void sample(std::chrono::steady_clock::time_point at, int64_t completed);
  // None until two samples at least a tenth of a second apart.
  std::optional<double> per_second() const;

 private:
  std::chrono::steady_clock::duration window_;
  std::deque<std::pair<std::chrono::steady_clock::time_point, int64_t>> samples_;
};

// When a line is due: on a terminal at every tick; plain, once every
// `every` (10 s) from the start, never two in one period however late the
// ticks come.
class ProgressCadence {
 public:
  ProgressCadence(bool redraw, std::chrono::steady_clock::time_point start,
                  std::chrono::steady_clock::duration every = std::chrono::seconds(10))
      : redraw_(redraw), start_(start), every_(every) {}
  bool due(std::chrono::steady_clock::time_point now);

 private:
  bool redraw_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::duration every_;
  int64_t periods_done_ = 0;
};

// What the run is doing, set by the run's threads (phase, faults) and the
// runner's workers (the counts, lock-free), read by the progress thread.
class LiveProgress {
 public:
  explicit LiveProgress(std::chrono::steady_clock::time_point start) : start_(start) {}

  LiveCounts& counts() { return counts_; }
  void set_phase(const std::string& phase);
  // The main phase begins now and lasts `length`: the line counts down.
  void main_started(std::chrono::steady_clock::time_point at,
                    std::chrono::steady_clock::duration length);
  void main_ended();
  void fault_applying(const std::string& kind);
  void fault_healed(const std::string& kind);
  // A nemesis op (its request, or its `completion`): a fault is active from
  // its start's request until its stop's completion; a start that applied
  // nothing (no value, an error) is not.
  void note_nemesis_op(const Op& op, bool completion);

  ProgressSnapshot snapshot(std::chrono::steady_clock::time_point now) const;

 private:
  const std::chrono::steady_clock::time_point start_;
  LiveCounts counts_;
  mutable std::mutex mutex_;
  std::string phase_ = "setup";
  std::optional<std::chrono::steady_clock::time_point> main_end_;
  std::map<std::string, int> faults_;  // kind -> how many are active
};

}  // namespace faultline
