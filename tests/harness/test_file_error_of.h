// The test file reader's error for a text, as tests compare it.
#pragma once

#include <string>

#include "harness/config/test_file.h"

namespace faultline::testing {

// The error of `text`, read as dir/test.yaml, as "line:col: message"; "no
// error" when it reads, "wrong file: ..." when the error names another file.
inline std::string test_file_error_of(const std::string& text) {
  Parsed<TestFile> test = parse_test_file(text, "dir/test.yaml");
  if (test) return "no error";
  const std::string message = test.error().to_string();
  const std::string prefix = "dir/test.yaml:";
  if (message.rfind(prefix, 0) != 0) return "wrong file: " + message;
  return message.substr(prefix.size());
}

}  // namespace faultline::testing
