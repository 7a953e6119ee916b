// The counter checker (Jepsen's): a history of `add` ops, each adding a
// positive integer to its key's counter (which starts at 0), and `read` ops.
// Each ok read must lie within bounds the adds around it allow:
//   lower  the sum of ok adds that completed before the read was invoked
//   upper  the sum of ok and info adds (and adds that never completed)
//          invoked before the read completed
// A read outside them is the evidence of an invalid history. Failed adds
// count for neither bound. Each key is its own counter.
//
// Pure, O(n log n); safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "checkers/verdict.h"
#include "harness/history/history.h"

namespace faultline {

struct CounterRead {
  std::string key;
  Json value;  // what the read saw (an integer unless the read is malformed)
  int64_t invoke_index = -1;
  int64_t complete_index = -1;
  int64_t lower = 0;
  int64_t upper = 0;
};

struct CounterKeyResult {
  std::string key;
  Verdict verdict = Verdict::kValid;
  std::string unknown_reason;  // why the key is unknown (an add that is not a positive integer)
  size_t adds = 0;             // adds invoked
  size_t reads = 0;            // ok reads checked
};

struct CounterResult {
  Verdict verdict = Verdict::kValid;
  std::vector<CounterKeyResult> keys;      // in order of first appearance
  std::vector<CounterRead> out_of_bounds;  // in history order
  std::vector<HistoryNote> notes;
};

CounterResult check_counter(const History& history);

// {"valid", "keys", "adds", "reads", "out_of_bounds_count",
//  "out_of_bounds": [{"key", "value", "invoke_index", "complete_index", "lower", "upper"}],
//  "unknown_keys": [...], "notes": [...]}
Json to_json(const CounterResult& result);

// The verdict line and, when invalid or unknown, a few lines of evidence;
// no trailing newline.
std::string counter_summary(const CounterResult& result);

}  // namespace faultline
