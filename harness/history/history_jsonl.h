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

Parsed<History> read_jsonl_history(std::string_view text, const std::string& source_name,
                                   OpNumbering numbering = OpNumbering::kByPosition);

}  // namespace faultline
