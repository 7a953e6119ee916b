// Linearizability search for one partition: Wing & Gong's backtracking search
// with Lowe's just-in-time linearization, memoised on (set of linearized ops,
// model state).
//
// Ops that completed ok must each take effect between their invocation and
// completion; indeterminate ops (info, or never completed) may take effect at
// any time after their invocation, or never. Fail ops must be left out by the
// caller. Bounded by a deadline, a shared memory budget and a cancel flag:
// when any runs out the verdict is unknown, never a guess.
//
// Thread-safety: one search per thread; searches share only the Limits.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "checkers/memory_budget.h"
#include "checkers/model.h"
#include "checkers/verdict.h"

namespace faultline {

struct SearchLimits {
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // Shared by all concurrent searches: each reserves what it will hold before
  // it allocates it. Null: no limit.
  MemoryBudget* memory = nullptr;
  const std::atomic<bool>* cancel = nullptr;      // set to stop early; may be null
  bool memoize = true;  // off only to measure what memoisation buys
};

// Why a partition is not linearizable, in terms a person can follow.
struct SearchEvidence {
  size_t failed_op = 0;                 // index into the partition's ops
  std::vector<size_t> concurrent_ops;   // not yet linearized when it had to take effect
  std::vector<size_t> linearized_tail;  // last ops of the longest linearization found
  std::vector<Json> tail_states;        // state after each op of linearized_tail
  size_t linearized_count = 0;          // length of that linearization
  std::vector<Json> states;             // model states reached just before the failure
  std::string reason;                   // set when the op is impossible in every state
};

struct SearchResult {
  Verdict verdict = Verdict::kUnknown;
  std::string unknown_reason;  // "time limit", "memory limit", "cancelled"
  SearchEvidence evidence;     // meaningful when invalid
  uint64_t steps = 0;
  size_t memo_entries = 0;
  size_t peak_bytes = 0;
};

SearchResult wgl_search(const Machine& machine, const std::vector<CheckOp>& ops,
                        const SearchLimits& limits);

}  // namespace faultline
