// Reads faultline's own history format: JSON lines, one op object per line
// (docs/history-format.md, op_json.h). Called by history_reader.h; pure.
//
// Blank lines are skipped and unknown fields ignored. The first line that is
// not a valid op is an error naming its line and column; a last line cut off
// mid-write (no final newline) is reported as a possible truncation. Ops
// without "index" are numbered by their position.
#pragma once

#include <string>
#include <string_view>

#include "harness/base/source_error.h"
#include "harness/history/history.h"

namespace faultline {

// `first_index`: the index of the text's first op when ops carry none (a
// part of a bigger file: history_parts.h); kLeaveUnnumbered leaves those ops'
// index at -1, for a caller that numbers them once it knows how many ops
// came before.
inline constexpr int64_t kLeaveUnnumbered = -1;
Parsed<History> read_jsonl_history(std::string_view text, const std::string& source_name,
                                   int64_t first_index = 0);

}  // namespace faultline
