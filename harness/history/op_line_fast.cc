#include "harness/history/op_line_fast.h"

#include <cstdint>
#include <string>

#include "harness/history/op_json.h"

namespace faultline {
namespace {

// Reads the simple shape and nothing else: each method returns false to
// decline (the full reader takes the line then).
class SimpleLine {
 public:
  explicit SimpleLine(std::string_view text) : text_(text) {}

  bool read_into(OpBuilder& builder) {
    skip_blanks();
    if (!take('{')) return false;
    skip_blanks();
    if (take('}')) return at_end();
    std::string field;
    while (true) {
      if (!plain_string(&field)) return false;
      skip_blanks();
      if (!take(':')) return false;
      skip_blanks();
      // A field the builder refuses ends the reading as in the full reader,
      // which stops at the same field and reports the builder's problem.
      if (pos_ < text_.size() && text_[pos_] == '"') {
        std::string_view text;
        if (!plain_string_view(&text)) return false;
        if (!builder.set_text(field, text)) return true;
      } else {
        Json value;
        if (!json_value(&value, /*in_array=*/false)) return false;
        if (!builder.set(field, std::move(value))) return true;
      }
      skip_blanks();
      if (take('}')) return at_end();
      if (!take(',')) return false;
      skip_blanks();
    }
  }

 private:
  void skip_blanks() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\n'))
      ++pos_;
  }
  bool take(char c) {
    if (pos_ >= text_.size() || text_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  bool at_end() {
    skip_blanks();
    return pos_ == text_.size();
  }
  bool literal(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  // Printable ASCII without escapes: the bytes are the string.
  bool plain_string_view(std::string_view* out) {
    if (!take('"')) return false;
    const size_t start = pos_;
    while (pos_ < text_.size()) {
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        *out = text_.substr(start, pos_ - start);
        ++pos_;
        return true;
      }
      if (c < 0x20 || c >= 0x7f || c == '\\') return false;
      ++pos_;
    }
    return false;
  }
  bool plain_string(std::string* out) {
    std::string_view text;
    if (!plain_string_view(&text)) return false;
    out->assign(text);
    return true;
  }

  // An integer of up to 18 digits (no overflow to think about), typed as
  // nlohmann types it: unsigned when not negative. "-0", fractions and
  // exponents are declined.
  bool integer(Json* out) {
    const bool negative = take('-');
    const size_t start = pos_;
    int64_t value = 0;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      if (pos_ - start == 18) return false;  // more digits could overflow
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    const size_t digits = pos_ - start;
    if (digits == 0 || (digits > 1 && text_[start] == '0')) return false;
    if (pos_ < text_.size() && (text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E'))
      return false;
    if (negative && value == 0) return false;
    *out = negative ? Json(static_cast<Json::number_integer_t>(-value))
                    : Json(static_cast<Json::number_unsigned_t>(value));
    return true;
  }

  bool json_value(Json* out, bool in_array) {
    skip_blanks();
    if (pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    if (c == '"') {
      std::string s;
      if (!plain_string(&s)) return false;
      *out = Json(std::move(s));
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return integer(out);
    if (c == 'n') return literal("null") && (*out = Json(), true);
    if (c == 't') return literal("true") && (*out = Json(true), true);
    if (c == 'f') return literal("false") && (*out = Json(false), true);
    if (c == '[' && !in_array) return flat_array(out);
    return false;  // objects, nested arrays: the full reader's
  }

  bool flat_array(Json* out) {
    take('[');
    *out = Json::array();
    skip_blanks();
    if (take(']')) return true;
    while (true) {
      Json element;
      if (!json_value(&element, /*in_array=*/true)) return false;
      out->push_back(std::move(element));
      skip_blanks();
      if (take(']')) return true;
      if (!take(',')) return false;
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<Parsed<Op>> read_simple_op_line(std::string_view line, const SourceLocation& where) {
  OpBuilder builder;
  SimpleLine reader(line);
  if (!reader.read_into(builder)) return std::nullopt;
  return builder.finish(where);
}

}  // namespace faultline
