// Reading one section of a YAML config into plain values, remembering the
// first error with its file:line:col. Shared by every YAML reader (the parts
// of the test file, the nemesis schedule, the nodes file) so that every
// key is checked the same way: unknown keys get "did you mean", repeated keys
// (which yaml-cpp keeps silently) are errors, and a wrong value says what a
// right one looks like.
//
// Each read_* returns nothing on error; error() then holds the first one.
// Not thread-safe; one reader per parse.
#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/source_error.h"
#include "harness/base/yaml_source.h"

namespace faultline {

class FieldReader {
 public:
  explicit FieldReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  bool failed() const { return error_.has_value(); }
  const SourceError& error() const { return *error_; }

  // Records an error at `at` (only the first one is kept) and returns it.
  SourceError fail(const YAML::Node& at, std::string message);
  // Records an error found by another reader (a part of the file).
  void record(const SourceError& error);

  // `map` is a mapping whose keys are all in `known`, each given once.
  // `what` names a key in messages: "top-level key", "db step".
  bool check_keys(const YAML::Node& map, const std::vector<std::string>& known,
                  const std::string& what);
  // `node` is a mapping (`what` names it: "'keys'").
  bool expect_map(const YAML::Node& node, const std::string& what);

  std::optional<std::string> read_text(const YAML::Node& value, const std::string& key);
  // A whole number within [low, high]; `meaning` explains the range in errors.
  std::optional<int64_t> read_integer(const YAML::Node& value, const std::string& key, int64_t low,
                                      int64_t high, const std::string& meaning);
  std::optional<double> read_number(const YAML::Node& value, const std::string& key, double low,
                                    const std::string& meaning);
  std::optional<uint64_t> read_seed(const YAML::Node& value, const std::string& key);
  // At most kLongestDuration; 0 only when `zero_allowed`.
  std::optional<std::chrono::milliseconds> read_duration(const YAML::Node& value,
                                                         const std::string& key,
                                                         bool zero_allowed = false);
  // A list of words, or one word for a list of one.
  std::optional<std::vector<std::string>> read_words(const YAML::Node& value,
                                                     const std::string& key);
  std::optional<std::map<std::string, std::string>> read_text_map(const YAML::Node& value,
                                                                  const std::string& key);

 private:
  std::string file_;
  std::optional<SourceError> error_;
};

}  // namespace faultline
