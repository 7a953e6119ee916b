// The linearizability checker: pairs a history's ops, lets the model split it
// into independent parts (P-compositionality), and searches the parts in
// parallel on a pool of threads, under one time limit and one memory budget.
// One invalid part decides the verdict: the other parts' searches then stop
// and are reported "not checked", unless every part's verdict is asked for.
//
// A history is checked from its compact table (op_table.h): each part's ops
// are made whole only while it is searched, and kept only for a part that
// is not valid (its evidence names them), so a 10M-op history is checked
// without ever holding all its ops as Ops.
//
// Pure: reads the history, returns a result; safe to call from any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checkers/model.h"
#include "checkers/verdict.h"
#include "checkers/wgl.h"
#include "harness/history/history.h"
#include "harness/history/op_table.h"
#include "harness/history/pairing.h"

namespace faultline {

struct LinearizabilityOptions {
  ModelOptions model;
  double time_limit_seconds = 0;  // 0: none
  // The most the process may hold resident while checking (memory_budget.h);
  // 0: none. Ignored when `memory` is set.
  int64_t memory_limit_bytes = 0;
  MemoryBudget* memory = nullptr;  // a budget shared with other checks; may be null
  int threads = 0;                 // 0: one per core
  bool memoize = true;
  bool all_keys = false;  // search every part even after one is invalid
};

// The unknown_reason of a part whose search was skipped or stopped because
// another part was proven invalid.
inline constexpr std::string_view kNotChecked = "not checked (an earlier key was invalid)";

struct PartResult {
  std::string name;  // the partition's key; empty for a whole history
  // The ops checked (fail ops are left out), for a part that is not valid;
  // empty for a valid one. `storage` holds the Ops they point at.
  std::vector<CheckOp> ops;
  std::shared_ptr<const std::vector<Op>> storage;
  size_t op_count = 0;  // how many ops were checked, always
  SearchResult search;
  bool checked() const { return search.unknown_reason != kNotChecked; }
};

struct LinearizabilityResult {
  Verdict verdict = Verdict::kUnknown;
  std::string model;
  size_t op_count = 0;  // paired client ops, including fails
  std::vector<PartResult> parts;
  std::vector<HistoryNote> notes;    // oddities and what was assumed
  std::optional<SourceError> error;  // the model cannot read this history
  double seconds = 0;
  int threads = 0;
};

// The ops the checker considers: every paired client op except fails (which
// did not take effect), in invocation order.
std::vector<CheckOp> to_check_ops(const History& history, const std::vector<PairedOp>& paired);

LinearizabilityResult check_linearizability(const OpTable& table, const Model& model,
                                            const LinearizabilityOptions& options);
// The same for a History (checked as a table made of it).
LinearizabilityResult check_linearizability(const History& history, const Model& model,
                                            const LinearizabilityOptions& options);

}  // namespace faultline
