#include "workloads/memory_faults.h"

#include <thread>

namespace faultline {

Completion FaultInjector::run(const Op& invocation, Client::Deadline deadline,
                              const std::function<Completion()>& apply) {
  if (faults_.latency.count() > 0) {
    const auto done = std::chrono::steady_clock::now() + faults_.latency;
    if (done > deadline) {
      // Too slow: like a real timeout, the op may still land.
      std::this_thread::sleep_until(deadline);
      if (uniform01(rng_) < 0.5) apply();
      return Completion::info("timeout");
    }
    std::this_thread::sleep_until(done);
  }
  if (uniform01(rng_) < faults_.fail_rate) return Completion::fail("injected failure");
  if (uniform01(rng_) < faults_.info_rate) {
    if (uniform01(rng_) < 0.5) apply();
    return Completion::info("injected indeterminate outcome");
  }
  if (invocation.f != "read" && chance(faults_.lost_update_rate)) {
    return Completion::ok(invocation.value);
  }
  return apply();
}

}  // namespace faultline
