// The thread that draws a run's live progress (live_progress.h) on its
// StatusLine: it wakes every second, measures the throughput, and shows the
// line when the cadence says so (every tick on a terminal, every 10 s
// plain). The clock is injectable for tests. Stops (and clears a redrawn
// line) in stop() or its destructor.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <ostream>
#include <thread>

#include "harness/run/live_progress.h"
#include "harness/run/run_log.h"
#include "harness/run/status_line.h"

namespace faultline {

class ProgressReporter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  ProgressReporter(const LiveProgress& progress, StatusLine& line, bool redraw,
                   std::chrono::steady_clock::time_point start, size_t width);
  ~ProgressReporter();
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  // Starts the thread ticking every `interval` (not called by tests that tick by hand).
  void start(std::chrono::steady_clock::duration interval = std::chrono::seconds(1));
  // One tick at `now`: samples the counts, shows the line if due.
  void tick(std::chrono::steady_clock::time_point now);
  void stop();

 private:
  const LiveProgress& progress_;
  StatusLine& line_;
  const size_t width_;
  ThroughputMeter throughput_;
  ProgressCadence cadence_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

// One run's live progress on its terminal: the status line, the reporter's
// thread, and the run log's terminal lines routed above the line.
class ProgressDisplay {
 public:
  ProgressDisplay(const LiveProgress& live, RunLog& log) : live_(live), log_(log) {}
  ~ProgressDisplay() { stop(); }
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // kTty or kPlain start it; any other mode shows nothing.
  void start(std::ostream& terminal, ProgressMode mode, size_t width);
  // The line goes and the log writes straight to the terminal again.
  void stop();

 private:
  const LiveProgress& live_;
  RunLog& log_;
  std::optional<StatusLine> line_;
  std::optional<ProgressReporter> reporter_;  // destroyed before line_
};

}  // namespace faultline
