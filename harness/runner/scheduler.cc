#include "harness/runner/scheduler.h"

namespace faultline {

Scheduler::Scheduler(Generator& generator, RunClock clock, int workers)
    : generator_(generator), clock_(clock), live_workers_(workers) {}

std::optional<Next> Scheduler::next(int worker) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (stopping_) return std::nullopt;
    Next next = generator_.next(worker, clock_.now_ns());
    switch (next.kind) {
      case Next::Kind::kOp:
        return next;
      case Next::Kind::kDone:
        return std::nullopt;
      case Next::Kind::kWait:
        changed_.wait_until(lock, clock_.at(next.at_ns), [&] { return stopping_; });
        break;
      case Next::Kind::kPhaseEnd: {
        const long seen = generation_;
        ++idle_workers_;
        changed_.notify_all();  // the coordinator may be waiting for this
        changed_.wait(lock, [&] { return generation_ != seen || stopping_; });
        break;
      }
    }
  }
}

void Scheduler::completed(int worker, const Op& invocation, OpType outcome) {
  std::lock_guard lock(mutex_);
  generator_.complete(worker, invocation, outcome, clock_.now_ns());
}

bool Scheduler::sleep_until(int64_t at_ns) {
  if (at_ns <= clock_.now_ns()) return true;  // the usual case at full speed: no lock
  std::unique_lock lock(mutex_);
  changed_.wait_until(lock, clock_.at(at_ns), [&] { return stopping_; });
  return !stopping_;
}

void Scheduler::worker_ended() {
  std::lock_guard lock(mutex_);
  --live_workers_;
  changed_.notify_all();
}

void Scheduler::request_stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  changed_.notify_all();
}

bool Scheduler::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

bool Scheduler::wait_for_phase_end() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock,
                [&] { return stopping_ || live_workers_ == 0 || idle_workers_ == live_workers_; });
  return !stopping_ && live_workers_ > 0;
}

Phase Scheduler::following() const {
  std::lock_guard lock(mutex_);
  return generator_.following();
}

Phase Scheduler::begin_next_phase() {
  std::lock_guard lock(mutex_);
  const Phase phase = generator_.advance(clock_.now_ns());
  idle_workers_ = 0;
  ++generation_;
  changed_.notify_all();
  return phase;
}

}  // namespace faultline
