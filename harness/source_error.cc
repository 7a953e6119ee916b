#include "harness/source_error.h"

namespace faultline {

std::string format_location(const SourceLocation& where) {
  std::string out = where.file.empty() ? "<input>" : where.file;
  if (where.line > 0) {
    out += ":" + std::to_string(where.line);
    if (where.column > 0) out += ":" + std::to_string(where.column);
  }
  return out;
}

std::string SourceError::to_string() const { return format_location(where) + ": " + message; }

}  // namespace faultline
