#include "harness/base/source_error.h"

#include "harness/base/utf8.h"

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

std::string visible_excerpt(std::string_view text, size_t max_chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (out.size() >= max_chars) return out + "...";
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7f) {
      out += static_cast<char>(byte);
    } else {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

SourceError printable(SourceError error) {
  error.message = with_invalid_utf8_escaped(error.message);
  return error;
}

}  // namespace faultline
