// Escaping for everything that reaches the page: HTML text and attributes,
// JSON inside <script>, paths inside href.
#include <cstdio>

#include "harness/report/report.h"
#include "harness/report/report_parts.h"

namespace faultline {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\0':
        out += "\xEF\xBF\xBD";
        break;  // U+FFFD: NUL is not allowed in HTML
      default:
        out += c;
    }
  }
  return out;
}

namespace report_detail {

std::string json_for_script(const Json& value) {
  // replace: bytes that are not UTF-8 become U+FFFD instead of throwing.
  const std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else if (text.compare(i, 3, "\xE2\x80\xA8") == 0)
      out += "\\u2028", i += 2;
    else if (text.compare(i, 3, "\xE2\x80\xA9") == 0)
      out += "\\u2029", i += 2;
    else
      out += c;
  }
  return out;
}

std::string compact_json(const Json& value, size_t max_chars) {
  std::string text = value.is_string() ? value.get<std::string>()
                                       : value.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() <= max_chars) return text;
  size_t cut = max_chars;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return text.substr(0, cut) + "...";
}

std::string value_text(const Json& value, size_t max_chars) {
  return value.is_null() ? "nil" : compact_json(value, max_chars);
}

std::optional<std::string> completion_value_text(const Op& invoke, const Op& complete,
                                                 size_t max_chars) {
  if (complete.type == OpType::kOk && invoke.f == "read")
    return value_text(complete.value, max_chars);
  if (complete.value.is_null() || complete.value == invoke.value) return std::nullopt;
  return compact_json(complete.value, max_chars);
}

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string format_seconds(int64_t ns, int decimals) {
  return fixed(static_cast<double>(ns) / 1e9, decimals);
}

std::string percent_encode_segment(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '~' || c == '-';
    if (plain && path != ".." && path != ".") {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 15];
    }
  }
  return out;
}

}  // namespace report_detail
}  // namespace faultline
