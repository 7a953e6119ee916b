// A run's client ops counted as they happen, for a progress display read on
// another thread. Workers add with relaxed atomics (no lock on the hot path);
// a reader sees each count as it was at some recent moment, which is all a
// progress line needs.
#pragma once

#include <atomic>
#include <cstdint>

namespace faultline {

struct LiveCounts {
  std::atomic<int64_t> invoked{0};
  std::atomic<int64_t> ok{0};
  std::atomic<int64_t> failed{0};
  std::atomic<int64_t> info{0};

  static void add(std::atomic<int64_t>& count) { count.fetch_add(1, std::memory_order_relaxed); }
  static int64_t read(const std::atomic<int64_t>& count) {
    return count.load(std::memory_order_relaxed);
  }
};

}  // namespace faultline
