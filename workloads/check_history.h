// Checks a run's history with the checker its workload names (checker_for()
// in catalog.h): linearizability with the workload's model, the set checker
// or the counter checker. One result shape for all, for results.json, the
// report and the terminal.
//
// Pure: reads the history, returns a result; safe from any thread.
#pragma once

#include <string>

#include "checkers/verdict.h"
#include "harness/history/history.h"
#include "harness/history/op.h"
#include "harness/history/op_table.h"
#include "workloads/checker_choice.h"

namespace faultline {

struct CheckLimits {
  double time_limit_seconds = 0;   // 0: none
  int64_t memory_limit_bytes = 0;  // 0: half of this machine's memory
  int threads = 0;                 // 0: one per core
  bool all_keys = false;           // check every key, also after one is invalid
};

struct CheckOutcome {
  std::string checker;  // "linearizability", "set", "counter"
  Verdict verdict = Verdict::kUnknown;
  // The checker's own result as JSON, with "valid" (true, false or
  // "unknown") and, when invalid, the evidence: the ops involved, with
  // their history indices, so a report can show them.
  Json details;
  // What a person reads in the terminal: the verdict line and, when
  // invalid, the evidence (a few lines), without a trailing newline.
  std::string summary;
};

CheckOutcome check_history(const History& history, const CheckerChoice& choice,
                           const CheckLimits& limits = {});
// The same from a compact table (op_table.h): linearizability is checked
// from the table itself; the set, counter and Elle checkers read the table
// made back into a History.
CheckOutcome check_history(const OpTable& table, const CheckerChoice& choice,
                           const CheckLimits& limits = {});

}  // namespace faultline
