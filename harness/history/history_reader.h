// Reads a history from a file in any supported format:
//   jsonl       faultline's own: one JSON object per line (docs/history-format.md)
//   edn         Jepsen's history.edn: a vector of maps, or one map per line
//   jepsen-log  Jepsen's text log: "INFO  jepsen.util - 3\t:invoke\t:cas\t[1 4]"
// A corrupt or truncated input is an error naming file, line and column and
// what was expected; non-fatal oddities become History::notes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/base/source_error.h"
#include "harness/history/history.h"

namespace faultline {

enum class HistoryFormat { kAuto, kJsonl, kEdn, kJepsenLog };

std::optional<HistoryFormat> parse_history_format(std::string_view name);
std::string_view to_string(HistoryFormat format);

// Guesses the format from the text (and the file name's extension, if any).
HistoryFormat detect_history_format(std::string_view text, std::string_view file_name);

// The same from the start of a file (JSON lines when it cannot be read: the
// reader then says why).
HistoryFormat detect_history_file_format(const std::string& path);

// `numbering`: of JSON-lines ops that carry no index (history.h).
Parsed<History> read_history_text(std::string_view text, const std::string& source_name,
                                  HistoryFormat format,
                                  OpNumbering numbering = OpNumbering::kByPosition);
// The largest history file read unless told otherwise (it is read whole).
inline constexpr int64_t kDefaultMaxHistoryBytes = int64_t{2} << 30;

// `too_large_hint` is added to the error when the file is over `max_bytes`
// (how the caller's user raises the limit).
Parsed<History> read_history_file(const std::string& path, HistoryFormat format,
                                  int64_t max_bytes = kDefaultMaxHistoryBytes,
                                  const std::string& too_large_hint = "");

}  // namespace faultline
