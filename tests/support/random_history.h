// Random histories for differential tests and benchmarks: a model is run
// sequentially while random concurrency decides when each op is invoked,
// takes effect, and completes. Such a history is linearizable by
// construction; corrupt_one_read() then makes it not.
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "harness/history/history.h"

namespace faultline::testing {

struct RandomHistoryOptions {
  std::string model = "cas-register";  // cas-register, register, mutex, set, fifo-queue, kv,
                                       // kv-string
  size_t ops = 10;                     // invocations
  int processes = 4;
  int values = 5;             // values drawn from 0..values-1 (kv/set: unique when 0)
  double info_rate = 0.1;     // chance a completion is info (applied or not)
  double crash_rate = 0.0;    // chance an op never completes
  int keys = 1;               // kv: number of keys
  bool unique_writes = false; // writes a fresh value each time
};

// The initial state the generated history assumes (pass as --init / ModelOptions::init).
// Registers start at 0; others start empty.
History random_history(const RandomHistoryOptions& options, std::mt19937_64& rng);

// Changes the value of one ok read (or dequeue) to one no op ever produced.
// Returns false when the history has no such op.
bool corrupt_one_read(History& history, std::mt19937_64& rng);

// A kv history (unique writes) where keys "0" .. bad_keys-1 are not
// linearizable: on each, a late get reads the value of a put that another
// completed put had overwritten. The proof comes only at that get, after a search
// through every order of the many concurrent and indeterminate ops before it:
// a history that is hard for the search on every bad key.
struct HardKvOptions {
  int keys = 10;
  int bad_keys = 8;
  size_t ops_per_key = 200;
  int processes = 10;
  double info_rate = 0.1;
};
History hard_invalid_kv_history(const HardKvOptions& options, std::mt19937_64& rng);

}  // namespace faultline::testing
