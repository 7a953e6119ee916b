// Pairs each invocation with its completion: the next completion of the same
// process. Client ops only; nemesis ops are left out.
//
// Semantics (Jepsen's): `ok` took effect; `fail` did not; `info`, or no
// completion at all, may have taken effect at any time after the invocation,
// or never. Oddities are not fatal; each becomes a note saying what was assumed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/history/history.h"
#include "harness/history/op_table.h"

namespace faultline {

// Rows are 32-bit, as in an OpTable: 12 bytes a pair for a 10M-op history.
struct PairedOp {
  uint32_t invoke = 0;             // index into History::ops (or row of an OpTable)
  uint32_t complete = 0;           // the same; == invoke when there is none
  OpType outcome = OpType::kInfo;  // kOk, kFail or kInfo
  bool has_completion() const { return complete != invoke; }
};

// Returns the paired ops in invocation order. Appends notes for: a completion
// with no pending invocation (ignored), a process that invokes while an op is
// pending (the earlier op is treated as info), a completion whose f differs
// from its invocation's.
std::vector<PairedOp> pair_ops(const History& history, std::vector<HistoryNote>* notes);
// The same for a table's rows.
std::vector<PairedOp> pair_ops(const OpTable& table, std::vector<HistoryNote>* notes);

}  // namespace faultline
