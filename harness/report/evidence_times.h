// When the ops a checker's evidence names happened: their times in seconds
// from the start of the run, by history index (results.json "op_times_s"),
// so readers of results.json alone (junit.xml, summary.md) can say when a
// violation happened. Pure.
#pragma once

#include <vector>

#include "harness/history/history.h"
#include "harness/history/op.h"
#include "harness/history/op_table.h"

namespace faultline {

// At most this many ops (a set checker may list thousands of lost elements).
inline constexpr size_t kMaxTimedEvidenceOps = 2000;

// {"<index>": seconds} for every history index in the checkers' details
// (fields named "index" or ending in "_index"), for ops with a time.
Json evidence_op_times(const std::vector<Json>& checker_details, const OpTable& history);

}  // namespace faultline
