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

// The first fault that cannot work on the test's nodes (known_names(): a
// node it does not have, a target that picks no node or, for isolate, every
// node, components that do not cover the nodes), or nothing; nothing too
// while the nodes are not known (a nodes file not read yet).
std::optional<SourceError> faults_on_nodes_problem(const TestFile& test);

// Why `schedule` would inject no fault at all within `time_limit`, or nothing.
std::optional<std::string> schedule_never_faults(const Schedule& schedule,
                                                 std::chrono::milliseconds time_limit);

}  // namespace faultline
