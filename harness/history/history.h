// A history: the ordered list of ops one run (or one imported file) produced,
// plus the non-fatal oddities its reader noticed.
#pragma once

#include <string>
#include <vector>

#include "harness/base/source_error.h"
#include "harness/history/op.h"

namespace faultline {

struct HistoryNote {
  SourceLocation where;
  std::string message;
};

// What a reader does with ops that carry no index: number them by their
// position in the text read, or leave them at -1 for a caller that reads a
// file in parts and numbers them in file order (history_parts.h).
enum class OpNumbering { kByPosition, kLeaveUnnumbered };

struct History {
  std::string source;  // file it was read from, for messages
  std::vector<Op> ops;
  std::vector<HistoryNote> notes;  // oddities and the assumptions made about them
};

}  // namespace faultline
