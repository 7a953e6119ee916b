// Combinations of test-file settings that cannot work, each explained with
// its fix: checked after every key has been read on its own, and again (those
// a command-line option can change) after overrides.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <optional>
#include <string>

#include "harness/config/test_file.h"

namespace faultline {

// The first impossible combination in `test` (read from `root`, for the
// places of keys that carry no location of their own), or nothing.
std::optional<SourceError> check_combinations(const TestFile& test, const YAML::Node& root);

// Why `schedule` would inject no fault at all within `time_limit`, or nothing.
std::optional<std::string> schedule_never_faults(const Schedule& schedule,
                                                 std::chrono::milliseconds time_limit);

}  // namespace faultline
