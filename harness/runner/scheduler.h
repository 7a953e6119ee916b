// The runner's single scheduling point: the Generator behind one lock, plus
// the bookkeeping that moves a run from phase to phase once every worker is
// idle. Internal to the runner (runner.cc); all members are thread-safe.
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>

#include "harness/runner/generator.h"
#include "harness/runner/run_clock.h"

namespace faultline {

class Scheduler {
 public:
  Scheduler(Generator& generator, RunClock clock, int workers);

  // The next op for `worker` and when to invoke it, or nothing when the run is
  // over or stopping. Waits through kWait and through the gap between phases.
  std::optional<Next> next(int worker);
  // `invocation`, handed to `worker` by next(), ended as `outcome`.
  void completed(int worker, const Op& invocation, OpType outcome);
  // Waits until `at_ns` on the run clock; false if the run is stopping.
  bool sleep_until(int64_t at_ns);
  // A worker ended for good (its client could not be opened).
  void worker_ended();

  void request_stop();
  bool stopping() const;

  // For the coordinating thread: waits until every live worker is idle at
  // the end of a phase (true), or the run is stopping or has no workers
  // left (false).
  bool wait_for_phase_end();
  Phase following() const;
  // Moves the generator to its next phase and lets the workers go on.
  Phase begin_next_phase();

 private:
  Generator& generator_;
  const RunClock clock_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  int live_workers_;
  int idle_workers_ = 0;  // at kPhaseEnd, waiting for the next phase
  long generation_ = 0;   // bumped as each phase begins
  bool stopping_ = false;
};

}  // namespace faultline
