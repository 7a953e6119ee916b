// Errors and warnings that point into an input file: what went wrong and where.
//
// Used by every reader of user-supplied text (histories, configs) so that a
// person sees "file:line:col: what was expected".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "harness/base/result.h"

namespace faultline {

struct SourceLocation {
  std::string file;
  int64_t line = 0;    // 1-based; 0 when unknown
  int64_t column = 0;  // 1-based; 0 when unknown
};

std::string format_location(const SourceLocation& where);

struct SourceError {
  SourceLocation where;
  std::string message;
  std::string to_string() const;  // "file:line:col: message"
};

// Up to `max_chars` of `text` for quoting in a message: control characters
// and bytes that are not printable ASCII as \xNN, "..." when cut, so binary
// input never reaches the terminal raw.
std::string visible_excerpt(std::string_view text, size_t max_chars = 60);

// `error` with bytes of its message that are not UTF-8 shown as \xNN: readers
// quote their input in messages, and a message is printed and written as JSON.
SourceError printable(SourceError error);

template <class T>
using Parsed = Result<T, SourceError>;

}  // namespace faultline
