#include "harness/remote/command.h"

#include <string_view>

#include "harness/remote/shell.h"

namespace faultline {
namespace {

std::string_view trim_trailing_space(std::string_view text) {
  size_t end = text.find_last_not_of(" \t\r\n");
  return end == std::string_view::npos ? std::string_view() : text.substr(0, end + 1);
}

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The last `max_chars` of `text`, starting at a line boundary when one is in reach and never in
// the middle of a UTF-8 character.
std::string last_chars(std::string_view text, size_t max_chars) {
  if (text.size() <= max_chars) return std::string(text);
  if (max_chars == 0) return "";
  text.remove_prefix(text.size() - max_chars);
  size_t newline = text.find('\n');
  if (newline != std::string_view::npos && newline + 1 < text.size()) {
    text.remove_prefix(newline + 1);
  } else {
    while (!text.empty() && is_utf8_continuation(text.front())) text.remove_prefix(1);
  }
  return "..." + std::string(text);
}

}  // namespace

std::string Command::describe() const {
  if (script) return *script;
  return shell_join(argv);
}

std::string CommandResult::tail(size_t max_chars) const {
  std::string_view text = trim_trailing_space(err);
  if (text.empty()) text = trim_trailing_space(out);
  return last_chars(text, max_chars);
}

}  // namespace faultline
