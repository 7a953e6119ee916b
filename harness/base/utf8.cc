#include "harness/base/utf8.h"

#include <algorithm>
#include <cstdint>

namespace faultline {
namespace {

// Length of the well-formed sequence at text[at], or 0 when there is none
// (Unicode 15, table 3-7).
size_t sequence_length(std::string_view text, size_t at) {
  const auto byte = [&](size_t i) -> unsigned {
    return at + i < text.size() ? static_cast<uint8_t>(text[at + i]) : 0x100;
  };
  const auto in = [](unsigned b, unsigned low, unsigned high) { return b >= low && b <= high; };
  const unsigned b0 = byte(0);
  if (b0 < 0x80) return 1;
  if (in(b0, 0xC2, 0xDF)) return in(byte(1), 0x80, 0xBF) ? 2 : 0;
  if (in(b0, 0xE0, 0xEF)) {
    const unsigned low = b0 == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
    const unsigned high = b0 == 0xED ? 0x9F : 0xBF;  // no surrogates
    return in(byte(1), low, high) && in(byte(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in(b0, 0xF0, 0xF4)) {
    const unsigned low = b0 == 0xF0 ? 0x90 : 0x80;   // no overlong forms
    const unsigned high = b0 == 0xF4 ? 0x8F : 0xBF;  // nothing past U+10FFFF
    return in(byte(1), low, high) && in(byte(2), 0x80, 0xBF) && in(byte(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

}  // namespace

size_t first_invalid_utf8(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const size_t length = sequence_length(text, at);
    if (length == 0) return at;
    at += length;
  }
  return std::string_view::npos;
}

std::string with_invalid_utf8_escaped(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (size_t at = 0; at < text.size();) {
    const size_t length = sequence_length(text, at);
    if (length == 0) {
      const auto byte = static_cast<uint8_t>(text[at]);
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
      ++at;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

int64_t column_at(std::string_view line, size_t offset) {
  offset = std::min(offset, line.size());
  int64_t column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if ((static_cast<uint8_t>(line[i]) & 0xC0) != 0x80) ++column;  // not a continuation byte
  }
  return column;
}

size_t first_non_text_byte(std::string_view text) {
  for (size_t at = 0; at < text.size();) {
    const auto byte = static_cast<uint8_t>(text[at]);
    const bool control = byte < 0x20 ? byte != '\t' && byte != '\n' && byte != '\r' : byte == 0x7F;
    const size_t length = control ? 0 : sequence_length(text, at);
    if (length == 0) return at;
    at += length;
  }
  return std::string_view::npos;
}

}  // namespace faultline
