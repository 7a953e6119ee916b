#include "harness/history/edn_atoms.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <utility>

namespace faultline::edn {


bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

bool is_blank(char c) {
  return c == ' ' || c == ',' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool is_closer(char c) { return c == ')' || c == ']' || c == '}'; }

bool is_delimiter(char c) {
  return is_blank(c) || is_closer(c) || c == '(' || c == '[' || c == '{' || c == '"' || c == ';';
}

bool is_symbol_char(char c) {
  if (static_cast<unsigned char>(c) >= 0x80) return true;  // non-ASCII letters
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  return std::string_view(".*+!-_?$%&=<>/:#'").find(c) != std::string_view::npos;
}

// Bytes of the UTF-8 sequence starting at text[at], at least one.
size_t code_point_length(std::string_view text, size_t at) {
  size_t end = at + 1;
  while (end < text.size() && is_continuation_byte(text[end])) ++end;
  return end - at;
}

std::string quote(std::string_view piece) {
  if (piece == "\n") return "a newline";
  if (piece.size() == 1 && !std::isprint(static_cast<unsigned char>(piece[0]))) {
    return "byte " + std::to_string(static_cast<unsigned char>(piece[0]));
  }
  return "'" + std::string(piece) + "'";
}

void append_utf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::optional<uint32_t> parse_hex4(std::string_view text) {
  if (text.size() < 4) return std::nullopt;
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + 4, value, 16);
  if (ec != std::errc() || end != text.data() + 4) return std::nullopt;
  return value;
}

std::optional<std::string> named_character(std::string_view name) {
  if (code_point_length(name, 0) == name.size()) return std::string(name);
  static constexpr std::pair<std::string_view, char> kNames[] = {
      {"newline", '\n'}, {"space", ' '},      {"tab", '\t'},
      {"return", '\r'},  {"backspace", '\b'}, {"formfeed", '\f'}};
  for (const auto& [known, c] : kNames) {
    if (name == known) return std::string(1, c);
  }
  if (name.size() == 5 && name[0] == 'u') {
    if (auto cp = parse_hex4(name.substr(1))) {
      std::string out;
      append_utf8(*cp, &out);
      return out;
    }
  }
  return std::nullopt;
}

bool starts_number(std::string_view token) {
  size_t digit = (token[0] == '+' || token[0] == '-') ? 1 : 0;
  return digit < token.size() && std::isdigit(static_cast<unsigned char>(token[digit]));
}

std::string_view without_plus(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  return text;
}

Problem parse_integer(std::string_view token, Json* out) {
  std::string_view digits = without_plus(token);
  if (digits.back() == 'N') digits.remove_suffix(1);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range) {
    return "integer " + std::string(token) + " does not fit in 64 bits";
  }
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return "invalid number '" + std::string(token) + "'";
  }
  *out = value;
  return std::nullopt;
}

Problem parse_float(std::string_view token, Json* out) {
  std::string_view digits = without_plus(token);
  if (digits.back() == 'M') digits.remove_suffix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec == std::errc::result_out_of_range)
    return "number " + std::string(token) + " is out of range";
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return "invalid number '" + std::string(token) + "'";
  }
  *out = value;
  return std::nullopt;
}

// A ratio such as 1/3 becomes the nearest double.
Problem parse_ratio(std::string_view token, size_t slash, Json* out) {
  Json numerator, denominator;
  if (parse_integer(token.substr(0, slash), &numerator) ||
      parse_integer(token.substr(slash + 1), &denominator) || denominator == 0) {
    return "invalid ratio '" + std::string(token) + "'";
  }
  *out = numerator.get<double>() / denominator.get<double>();
  return std::nullopt;
}

Problem parse_number(std::string_view token, Json* out) {
  size_t slash = token.find('/');
  if (slash != std::string_view::npos) return parse_ratio(token, slash, out);
  if (token.find_first_of(".eEM") != std::string_view::npos) return parse_float(token, out);
  return parse_integer(token, out);
}

Problem check_name(std::string_view name, std::string_view kind, std::string_view token) {
  for (char c : name) {
    if (!is_symbol_char(c)) {
      return "invalid character " + quote(std::string_view(&c, 1)) + " in " + std::string(kind) +
             " '" + std::string(token) + "'";
    }
  }
  if (name != "/" && (name.front() == '/' || name.back() == '/')) {
    return "invalid " + std::string(kind) + " '" + std::string(token) + "'";
  }
  return std::nullopt;
}

Problem parse_keyword(std::string_view token, Json* out) {
  std::string_view name = token.substr(1);
  if (name.empty()) return "expected a keyword name after ':'";
  if (name.front() == ':') {
    return "invalid keyword '" + std::string(token) + "': auto-resolved keywords are not EDN";
  }
  if (auto problem = check_name(name, "keyword", token)) return problem;
  *out = std::string(name);
  return std::nullopt;
}

Problem parse_atom(std::string_view token, Json* out) {
  if (token == "nil") {
    *out = nullptr;
  } else if (token == "true" || token == "false") {
    *out = token == "true";
  } else if (starts_number(token)) {
    return parse_number(token, out);
  } else if (token.front() == ':') {
    return parse_keyword(token, out);
  } else {
    if (auto problem = check_name(token, "symbol", token)) return problem;
    *out = std::string(token);
  }
  return std::nullopt;
}

std::string key_text(Json&& key) {
  if (key.is_string()) return std::move(key.get_ref<std::string&>());
  return key.dump(-1, ' ', false, Json::error_handler_t::replace);
}


}  // namespace faultline::edn
