// The run's clock: nanoseconds on the controller's monotonic clock since the
// run started. Every op's time_ns, the generator's schedule and the deadlines
// handed to clients are on this clock.
//
// A plain value; now_ns() is safe from any thread.
#pragma once

#include <chrono>
#include <cstdint>

namespace faultline {

class RunClock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  RunClock() : start_(std::chrono::steady_clock::now()) {}
  explicit RunClock(TimePoint start) : start_(start) {}

  int64_t now_ns() const { return since_start(std::chrono::steady_clock::now()); }
  int64_t since_start(TimePoint t) const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(t - start_).count();
  }
  TimePoint at(int64_t ns) const { return start_ + std::chrono::nanoseconds(ns); }

 private:
  TimePoint start_;
};

}  // namespace faultline
