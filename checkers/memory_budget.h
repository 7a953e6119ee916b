// The memory a check may use, shared by all its searches (and by the checks of
// several files at once). Two guards, because neither is enough alone:
//
// - Searches reserve bytes before they allocate them (a memo table that
//   doubles reserves the new table while the old one still exists), so a
//   growing table cannot jump past the limit between two checks.
// - The process's resident size is read from /proc/self/statm now and then,
//   so what no search accounts (the history, allocator slack, estimates that
//   fall short) counts as well.
//
// The limit is on the whole process: a check stops ("memory limit") when its
// reservations plus the resident size at the start would pass it, or when the
// resident size has passed it. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>

namespace faultline {

class MemoryBudget {
 public:
  // limit_bytes: the most the process may hold resident; 0 or less: no limit.
  explicit MemoryBudget(int64_t limit_bytes);
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  // Reserves `bytes`; false, with nothing reserved, when that would pass the limit.
  bool reserve(int64_t bytes);
  void release(int64_t bytes);
  // True when the resident size has passed the limit (reads /proc/self/statm).
  bool resident_over_limit() const;
  bool limited() const { return limit_ > 0; }
  int64_t limit() const { return limit_; }
  int64_t reserved() const { return reserved_.load(); }

 private:
  int64_t limit_;
  int64_t baseline_;  // resident bytes when the budget was made
  std::atomic<int64_t> reserved_{0};
};

// The process's resident set size in bytes (0 when it cannot be read).
int64_t resident_bytes();

// Gives memory freed by a search back to the system, so that the next
// search's reservations are not on top of pages the allocator kept.
void return_free_memory();

}  // namespace faultline
