// A history: the ordered list of ops one run (or one imported file) produced,
// plus the non-fatal oddities its reader noticed.
#pragma once

#include <string>
#include <vector>

#include "harness/history/op.h"
#include "harness/base/source_error.h"

namespace faultline {

struct HistoryNote {
  SourceLocation where;
  std::string message;
};

struct History {
  std::string source;  // file it was read from, for messages
  std::vector<Op> ops;
  std::vector<HistoryNote> notes;  // oddities and the assumptions made about them
};

}  // namespace faultline
