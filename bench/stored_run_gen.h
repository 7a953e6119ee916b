// A stored run made up for benchmarks: history.jsonl, results.json and
// test.yaml as `faultline run` leaves them for a keyed register workload
// (reads, writes and compare-and-sets on a rolling window of keys, some
// failed and indeterminate ops, a partition every few seconds), of any size.
// The history is linearizable by construction: each op takes effect at one
// moment between its invocation and its completion.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace faultline::bench {

struct StoredRunOptions {
  int64_t ops = 1'000'000;  // client operations (invocations); the file has about 2x lines
  int concurrency = 10;
  int active_keys = 5;
  int ops_per_key = 200;
  double fault_period_s = 10;  // a partition starts every this often and lasts half of it
  uint64_t seed = 42;
};

// Writes the run into `dir` (made if missing); what went wrong, or nothing.
std::optional<std::string> write_stored_run(const std::string& dir,
                                            const StoredRunOptions& options);

}  // namespace faultline::bench
