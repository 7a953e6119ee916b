#include "tests/fuzz/fuzz_target.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "harness/base/utf8.h"

namespace faultline::fuzz {

void require(bool holds, std::string_view what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

void require_located_inside(const SourceError& error, std::string_view text) {
  require(!error.message.empty(), "an error has a message");
  require(first_invalid_utf8(error.message) == std::string_view::npos,
          "an error message is UTF-8 (it is printed and written as JSON): " + error.message);
  const int64_t lines = std::count(text.begin(), text.end(), '\n') + 1;
  require(error.where.line >= 0 && error.where.line <= lines + 1,
          "error line " + std::to_string(error.where.line) + " is inside the text (" +
              std::to_string(lines) + " lines): " + error.to_string());
  if (error.where.line < 1 || error.where.line > lines) return;
  size_t start = 0;
  for (int64_t line = 1; line < error.where.line; ++line) start = text.find('\n', start) + 1;
  const size_t end = std::min(text.find('\n', start), text.size());
  require(error.where.column >= 0 && static_cast<size_t>(error.where.column) <= end - start + 1,
          "error column " + std::to_string(error.where.column) + " is inside line " +
              std::to_string(error.where.line) + " (" + std::to_string(end - start) +
              " bytes): " + error.to_string());
}

}  // namespace faultline::fuzz
