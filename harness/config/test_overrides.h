// Command-line options of `faultline run` that override the test file.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "harness/config/test_file.h"

namespace faultline {

struct TestOverrides {
  std::optional<std::string> nodes_file;  // --nodes-file: a nodes file instead of the file's `nodes`
  std::optional<std::chrono::milliseconds> time_limit;  // --time-limit
  std::optional<int> concurrency;                       // --concurrency
  std::optional<double> rate;                           // --rate
  std::optional<uint64_t> seed;                         // --seed
};

// Applies `overrides` to `test`. Returns what is wrong (naming the option and
// the fix) and leaves `test` unchanged, or nothing.
std::optional<std::string> apply_overrides(TestFile& test, const TestOverrides& overrides);

}  // namespace faultline
