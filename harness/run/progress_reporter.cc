#include "harness/run/progress_reporter.h"

namespace faultline {

ProgressReporter::ProgressReporter(const LiveProgress& progress, StatusLine& line, bool redraw,
                                   std::chrono::steady_clock::time_point start, size_t width)
    : progress_(progress), line_(line), width_(width), cadence_(redraw, start) {}

ProgressReporter::~ProgressReporter() { stop(); }

void ProgressReporter::start(std::chrono::steady_clock::duration interval) {
  thread_ = std::thread([this, interval] {
    // Ticks on a grid from the start, so a slow tick does not shift the later ones.
    auto next = std::chrono::steady_clock::now() + interval;
    std::unique_lock lock(mutex_);
    while (!wake_.wait_until(lock, next, [this] { return stopping_; })) {
      lock.unlock();
      const auto now = std::chrono::steady_clock::now();
      tick(now);
      lock.lock();
      next += interval;
      if (next < now) next = now + interval;  // after a stall: no burst of ticks
    }
  });
}

void ProgressReporter::tick(std::chrono::steady_clock::time_point now) {
  ProgressSnapshot snapshot = progress_.snapshot(now);
  throughput_.sample(now, snapshot.ok + snapshot.failed + snapshot.info);
  snapshot.ops_per_s = throughput_.per_second();
  if (cadence_.due(now)) line_.show(render_progress_line(snapshot, width_));
}

void ProgressReporter::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  line_.clear();
}

void ProgressDisplay::start(std::ostream& terminal, ProgressMode mode, size_t width) {
  if (mode != ProgressMode::kTty && mode != ProgressMode::kPlain) return;
  const bool redraw = mode == ProgressMode::kTty;
  line_.emplace(terminal, redraw);
  log_.set_status_line(&*line_);
  reporter_.emplace(live_, *line_, redraw, std::chrono::steady_clock::now(), width);
  reporter_->start();
}

void ProgressDisplay::stop() {
  if (!reporter_) return;
  reporter_->stop();
  log_.set_status_line(nullptr);
  reporter_.reset();
  line_.reset();
}

}  // namespace faultline
