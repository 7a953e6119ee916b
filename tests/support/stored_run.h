// A run's folder in a store, as `faultline run` leaves it, made without a
// cluster: a register history of 4 workers over 20 s in the runner's format
// (history-format.md), with the nemesis runner's faults (a partition, a
// pause, a kill and two clock faults, each a request op and an outcome op),
// the results.json the run writes before its check, and a log per node.
// `faultline analyze` (the real binary) then checks it with the real checker
// and writes the verdict, the availability, the report and the index line,
// so what a browser test reads is what a user would read.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/run_binary.h"

namespace faultline::testing {

enum class RunOutcome {
  kValid,    // every read returns what was written
  kInvalid,  // one read returns a value overwritten before it began
  kUnknown,  // valid, but results.json counted more ops than history.jsonl holds
};

struct StoredRunSpec {
  std::string test = "browser-register";
  std::string started = "2026-12-01T09:30:00Z";  // also names the folder: 20261201T093000Z
  int64_t seed = 42;
  RunOutcome outcome = RunOutcome::kValid;
  std::vector<std::string> nodes = {"n1", "n2", "n3"};  // exactly 3
  // When set, written into every place a run's values reach: the keys, op
  // errors, the nemesis's process name and each node's log.
  std::string hostile;
};

struct StoredRun {
  std::filesystem::path dir;  // STORE/<folder>/<time>
  std::string relative;       // <folder>/<time>, as index.jsonl's "dir"
  BinaryRun analyze;          // what `faultline analyze` said
};

// Writes the run under `store`/`folder` (the test's folder name; a hostile
// test name is not a usable folder name) and analyzes it with `faultline`.
StoredRun write_stored_run(const std::filesystem::path& store, const std::string& folder,
                           const StoredRunSpec& spec, const std::string& faultline);

}  // namespace faultline::testing
