// UTF-8 text checks. Values read from a history become JSON strings, which
// must be UTF-8 to be written out or compared (nlohmann::json throws on
// anything else), so readers of formats that do not check it themselves (EDN,
// Jepsen's text log) check it here. Pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace faultline {

// The offset of the first byte of `text` that does not begin a well-formed
// UTF-8 sequence (Unicode's definition: no overlong forms, no surrogates,
// nothing past U+10FFFF); npos when all of it is UTF-8.
size_t first_invalid_utf8(std::string_view text);

// `text` with each byte that is not part of well-formed UTF-8 written as
// \xNN, for free text (messages, an error's words) that must be UTF-8 and
// should still show what was there.
std::string with_invalid_utf8_escaped(std::string_view text);

// The 1-based column of byte `offset` in `line`, counting UTF-8 code points.
int64_t column_at(std::string_view line, size_t offset);

// The offset of the first byte that keeps `text` from being a text file as
// YAML defines one: UTF-8 without control characters other than tab, line
// feed and carriage return; npos when there is none.
size_t first_non_text_byte(std::string_view text);

}  // namespace faultline
