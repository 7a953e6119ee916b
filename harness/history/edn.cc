#include "harness/history/edn.h"

#include "harness/history/edn_atoms.h"
#include "harness/base/utf8.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <system_error>
#include <utility>

namespace faultline {

using namespace edn;  // the atoms: parse_atom, key_text, ...

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
    if (auto error = require_utf8(pos_, stop)) return *error;
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

std::optional<SourceError> EdnReader::require_utf8(size_t start, size_t end) {
  const size_t bad = first_invalid_utf8(text_.substr(start, end - start));
  if (bad == std::string_view::npos) return std::nullopt;
  Mark at = mark();
  at.offset = start + bad;
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text_[start + bad]));
  return error_at(at, std::string("text must be UTF-8; byte ") + hex + " is not");
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
  if (auto error = require_utf8(start, pos_)) return *error;
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
  if (auto error = require_utf8(at.offset, pos_)) return *error;
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

}  // namespace faultline
