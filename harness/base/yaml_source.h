// What every YAML reader (nodes files, nemesis schedules, test files) needs to
// point at its source: where a node is, how it reads in a message, and the
// key check that catches misspelt and repeated keys (yaml-cpp keeps a
// repeated key silently).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <vector>

#include "harness/base/source_error.h"

namespace faultline {

// `text` as a YAML document. Text that is not UTF-8, or holds control
// characters (YAML allows neither), is an error at the first such byte, with
// the byte shown; a YAML syntax error is one at yaml-cpp's mark.
Parsed<YAML::Node> load_yaml(const std::string& text, const std::string& file);

// Where `mark` is (yaml-cpp marks are 0-based; unknown marks are -1).
SourceLocation yaml_location(const std::string& file, const YAML::Mark& mark);
SourceError yaml_error(const std::string& file, const YAML::Mark& mark, std::string message);

// How a node reads in a message: 'text', a mapping, a list, nothing.
std::string yaml_shown(const YAML::Node& node);

// The first key of `map` that is not in `known` (with a "did you mean") or is
// given twice; nothing when every key is known and given once. `what` names a
// key in messages: "top-level key", "db step".
std::optional<SourceError> check_yaml_keys(const std::string& file, const YAML::Node& map,
                                           const std::vector<std::string>& known,
                                           const std::string& what);

}  // namespace faultline
