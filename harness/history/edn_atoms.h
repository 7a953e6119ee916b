// The atoms of EDN: characters that delimit tokens, numbers, keywords,
// symbols, named characters and UTF-8 helpers. Used by the EDN reader (edn.h);
// pure functions, safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/history/op.h"

namespace faultline::edn {

using Problem = std::optional<std::string>;  // what is wrong with a token, if anything

bool is_continuation_byte(char c);
bool is_blank(char c);
bool is_closer(char c);
bool is_delimiter(char c);
bool is_symbol_char(char c);
size_t code_point_length(std::string_view text, size_t at);
std::string quote(std::string_view piece);
void append_utf8(uint32_t cp, std::string* out);
std::optional<uint32_t> parse_hex4(std::string_view text);
std::optional<std::string> named_character(std::string_view name);
bool starts_number(std::string_view token);
std::string_view without_plus(std::string_view text);
Problem parse_integer(std::string_view token, Json* out);
Problem parse_float(std::string_view token, Json* out);
Problem parse_ratio(std::string_view token, size_t slash, Json* out);
Problem parse_number(std::string_view token, Json* out);
Problem check_name(std::string_view name, std::string_view kind, std::string_view token);
Problem parse_keyword(std::string_view token, Json* out);
Problem parse_atom(std::string_view token, Json* out);
std::string key_text(Json&& key);

}  // namespace faultline::edn
