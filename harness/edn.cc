#include "harness/edn.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>
#include <utility>

namespace faultline {
namespace {

using Problem = std::optional<std::string>;  // what is wrong with a token, if anything

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

}  // namespace

EdnReader::EdnReader(std::string_view text, std::string source_name, EdnPosition start)
    : text_(text),
      source_name_(std::move(source_name)),
      first_column_offset_(start.column - 1),
      line_(start.line) {}

EdnPosition EdnReader::position() { return position_of(mark()); }

EdnPosition EdnReader::position_of(const Mark& at) {
  if (cached_line_start_ != at.line_start || cached_offset_ > at.offset) {
    cached_line_start_ = at.line_start;
    cached_offset_ = at.line_start;
    cached_column_ = 1;
  }
  for (; cached_offset_ < at.offset; ++cached_offset_) {
    if (!is_continuation_byte(text_[cached_offset_])) ++cached_column_;
  }
  return {at.line, cached_column_ + (at.line_start == 0 ? first_column_offset_ : 0)};
}

std::string EdnReader::describe(const Mark& at) {
  EdnPosition where = position_of(at);
  return std::to_string(where.line) + ":" + std::to_string(where.column);
}

SourceError EdnReader::error_at(const Mark& at, std::string message) {
  EdnPosition where = position_of(at);
  return SourceError{{source_name_, where.line, where.column}, std::move(message)};
}

std::string EdnReader::found_here() const {
  if (at_text_end()) return "end of input";
  return quote(text_.substr(pos_, code_point_length(text_, pos_)));
}

SourceError EdnReader::unclosed(const Mark& open, char close, std::string_view name) {
  std::string message = "expected '" + std::string(1, close) + "' to close the " +
                        std::string(name) + " opened at " + describe(open) + ", found " +
                        found_here();
  return error_at(mark(), std::move(message));
}

void EdnReader::skip_blanks() {
  while (!at_text_end()) {
    char c = text_[pos_];
    if (c == '\n') {
      ++pos_;
      ++line_;
      line_start_ = pos_;
    } else if (is_blank(c)) {
      ++pos_;
    } else if (c == ';') {
      pos_ = std::min(text_.find('\n', pos_), text_.size());
    } else {
      return;
    }
  }
}

std::optional<SourceError> EdnReader::skip_ignorable(int depth) {
  for (;;) {
    skip_blanks();
    if (text_.compare(pos_, 2, "#_") != 0) return std::nullopt;
    pos_ += 2;
    Parsed<Json> discarded = read_required(depth + 1, "'#_'");
    if (!discarded) return discarded.error();
  }
}

Parsed<bool> EdnReader::at_end() {
  if (auto error = skip_ignorable(0)) return *error;
  return at_text_end();
}

Parsed<Json> EdnReader::read(std::vector<EdnPosition>* element_starts) {
  if (auto error = skip_ignorable(0)) return *error;
  if (at_text_end()) return error_at(mark(), "expected a form, found end of input");
  return read_form(0, element_starts);
}

Parsed<Json> EdnReader::read_required(int depth, std::string_view after) {
  if (depth >= kMaxDepth) {
    return error_at(mark(), "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  if (auto error = skip_ignorable(depth)) return *error;
  if (at_text_end() || is_closer(text_[pos_])) {
    return error_at(mark(),
                    "expected a form after " + std::string(after) + ", found " + found_here());
  }
  return read_form(depth, nullptr);
}

Parsed<Json> EdnReader::read_form(int depth, std::vector<EdnPosition>* element_starts) {
  const Mark open = mark();
  if (depth >= kMaxDepth) {
    return error_at(open, "nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  switch (text_[pos_]) {
    case '[':
      ++pos_;
      return read_sequence(depth, open, ']', "vector", element_starts);
    case '(':
      ++pos_;
      return read_sequence(depth, open, ')', "list", element_starts);
    case '{':
      ++pos_;
      return read_map(depth, open);
    case '#':
      return read_dispatch(depth, element_starts);
    case '"':
      return read_string();
    case '\\':
      return read_character();
    case ')':
    case ']':
    case '}':
      return error_at(open, "unexpected " + found_here() + " with nothing open to close");
    default:
      return read_token();
  }
}

Parsed<Json> EdnReader::read_sequence(int depth, const Mark& open, char close,
                                      std::string_view name,
                                      std::vector<EdnPosition>* element_starts) {
  Json items = Json::array();
  for (;;) {
    if (auto error = skip_ignorable(depth + 1)) return *error;
    if (!at_text_end() && text_[pos_] == close) {
      ++pos_;
      return items;
    }
    if (at_text_end() || is_closer(text_[pos_])) return unclosed(open, close, name);
    if (element_starts) element_starts->push_back(position());
    Parsed<Json> item = read_form(depth + 1, nullptr);
    if (!item) return item;
    items.push_back(std::move(*item));
  }
}

Parsed<Json> EdnReader::read_map(int depth, const Mark& open) {
  Json object = Json::object();
  for (;;) {
    if (auto error = skip_ignorable(depth + 1)) return *error;
    if (!at_text_end() && text_[pos_] == '}') {
      ++pos_;
      return object;
    }
    if (at_text_end() || is_closer(text_[pos_])) return unclosed(open, '}', "map");
    Parsed<Json> key = read_form(depth + 1, nullptr);
    if (!key) return key;
    std::string name = key_text(std::move(*key));
    if (auto error = skip_ignorable(depth + 1)) return *error;
    if (at_text_end() || is_closer(text_[pos_])) {
      std::string message = "expected a value for key '" + name + "' in the map opened at " +
                            describe(open) + ", found " + found_here();
      return error_at(mark(), std::move(message));
    }
    Parsed<Json> value = read_form(depth + 1, nullptr);
    if (!value) return value;
    object[std::move(name)] = std::move(*value);
  }
}

Parsed<Json> EdnReader::read_dispatch(int depth, std::vector<EdnPosition>* element_starts) {
  const Mark open = mark();
  ++pos_;  // '#'
  if (at_text_end()) return error_at(open, "expected a form after '#', found end of input");
  const char c = text_[pos_];
  if (c == '{') {
    ++pos_;
    return read_sequence(depth, open, '}', "set", element_starts);
  }
  if (c == '#') return read_symbolic_value(open);
  if (c == ':') return error_at(open, "namespaced maps (#:ns{...}) are not supported");
  if (std::isalpha(static_cast<unsigned char>(c))) {
    // A tagged literal (#inst "...", #uuid "...", #my/tag ...): keep the tagged value.
    const std::string tag(take_token());
    return read_required(depth + 1, "tag #" + tag);
  }
  return error_at(open, "unexpected " + found_here() + " after '#'");
}

Parsed<Json> EdnReader::read_symbolic_value(const Mark& open) {
  ++pos_;  // the second '#'
  const std::string_view name = take_token();
  if (name == "Inf") return Json(std::numeric_limits<double>::infinity());
  if (name == "-Inf") return Json(-std::numeric_limits<double>::infinity());
  if (name == "NaN") return Json(std::numeric_limits<double>::quiet_NaN());
  return error_at(open, "unknown symbolic value '##" + std::string(name) + "'");
}

Parsed<Json> EdnReader::read_string() {
  const Mark open = mark();
  ++pos_;  // '"'
  std::string out;
  for (;;) {
    const size_t stop = text_.find_first_of("\"\\\n", pos_);
    if (stop == std::string_view::npos) {
      pos_ = text_.size();
      return error_at(mark(), "expected '\"' to close the string opened at " + describe(open) +
                                  ", found end of input");
    }
    out.append(text_.substr(pos_, stop - pos_));
    pos_ = stop;
    if (text_[pos_] == '"') {
      ++pos_;
      return Json(std::move(out));
    }
    if (text_[pos_] == '\n') {
      out += '\n';
      ++pos_;
      ++line_;
      line_start_ = pos_;
    } else if (auto error = read_escape(&out)) {
      return *error;
    }
  }
}

std::optional<SourceError> EdnReader::read_escape(std::string* out) {
  const Mark at = mark();
  ++pos_;                                  // '\'
  if (at_text_end()) return std::nullopt;  // reported as an unterminated string
  const char c = text_[pos_];
  static constexpr std::pair<char, char> kEscapes[] = {{'t', '\t'},  {'n', '\n'}, {'r', '\r'},
                                                       {'b', '\b'},  {'f', '\f'}, {'"', '"'},
                                                       {'\\', '\\'}, {'/', '/'}};
  for (const auto& [name, meaning] : kEscapes) {
    if (c == name) {
      ++pos_;
      *out += meaning;
      return std::nullopt;
    }
  }
  if (c == 'u') {
    ++pos_;
    return read_unicode_escape(at, out);
  }
  return error_at(at, "unknown escape " + quote(text_.substr(at.offset, 2)) + " in a string");
}

std::optional<SourceError> EdnReader::read_unicode_escape(const Mark& at, std::string* out) {
  std::optional<uint32_t> cp = parse_hex4(text_.substr(pos_));
  if (!cp) return error_at(at, "expected four hex digits after '\\u' in a string");
  pos_ += 4;
  const bool high = *cp >= 0xD800 && *cp < 0xDC00;
  std::optional<uint32_t> low;
  if (high && text_.compare(pos_, 2, "\\u") == 0) low = parse_hex4(text_.substr(pos_ + 2));
  if (low && *low >= 0xDC00 && *low < 0xE000) {
    pos_ += 6;
    *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
  } else if (*cp >= 0xD800 && *cp < 0xE000) {
    *cp = 0xFFFD;  // a lone surrogate cannot be UTF-8
  }
  append_utf8(*cp, out);
  return std::nullopt;
}

Parsed<Json> EdnReader::read_character() {
  const Mark at = mark();
  ++pos_;  // '\'
  if (at_text_end() || is_blank(text_[pos_])) {
    return error_at(at, "expected a character after '\\', found " + found_here());
  }
  const size_t start = pos_;
  pos_ += code_point_length(text_, pos_);
  while (!at_text_end() && !is_delimiter(text_[pos_])) ++pos_;
  const std::string_view name = text_.substr(start, pos_ - start);
  if (std::optional<std::string> c = named_character(name)) return Json(std::move(*c));
  return error_at(at, "unknown character literal '\\" + std::string(name) + "'");
}

std::string_view EdnReader::take_token() {
  const size_t start = pos_;
  while (!at_text_end() && !is_delimiter(text_[pos_])) ++pos_;
  return text_.substr(start, pos_ - start);
}

Parsed<Json> EdnReader::read_token() {
  const Mark at = mark();
  const std::string_view token = take_token();
  if (token.empty()) return error_at(at, "unexpected " + found_here());
  Json value;
  if (Problem problem = parse_atom(token, &value)) return error_at(at, std::move(*problem));
  return value;
}

Parsed<Json> parse_edn(std::string_view text, const std::string& source_name, EdnPosition start) {
  EdnReader reader(text, source_name, start);
  Parsed<Json> value = reader.read();
  if (!value) return value;
  Parsed<bool> end = reader.at_end();
  if (!end) return end.error();
  if (!*end) {
    EdnPosition where = reader.position();
    return SourceError{{source_name, where.line, where.column}, "unexpected text after the form"};
  }
  return value;
}

int64_t column_at(std::string_view line, size_t offset) {
  offset = std::min(offset, line.size());
  int64_t column = 1;
  for (size_t i = 0; i < offset; ++i) {
    if (!is_continuation_byte(line[i])) ++column;
  }
  return column;
}

}  // namespace faultline
