#include "harness/base/yaml_fields.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>

#include "harness/base/duration.h"
#include "harness/base/suggest.h"

namespace faultline {

SourceError FieldReader::fail(const YAML::Node& at, std::string message) {
  if (!error_) error_ = yaml_error(file_, at.Mark(), std::move(message));
  return *error_;
}

void FieldReader::record(const SourceError& error) {
  if (!error_) error_ = error;
}

bool FieldReader::check_keys(const YAML::Node& map, const std::vector<std::string>& known,
                             const std::string& what) {
  std::optional<SourceError> problem = check_yaml_keys(file_, map, known, what);
  if (problem) record(*problem);
  return !problem;
}

bool FieldReader::expect_map(const YAML::Node& node, const std::string& what) {
  if (node.IsMap()) return true;
  fail(node, what + " must be a mapping, not " + yaml_shown(node));
  return false;
}

std::optional<std::string> FieldReader::read_text(const YAML::Node& value, const std::string& key) {
  if (value.IsScalar() && !value.Scalar().empty()) return value.Scalar();
  fail(value, "'" + key + "' must be a single value, not " + yaml_shown(value));
  return std::nullopt;
}

std::optional<int64_t> FieldReader::read_integer(const YAML::Node& value, const std::string& key,
                                                 int64_t low, int64_t high,
                                                 const std::string& meaning) {
  const std::string text = value.IsScalar() ? value.Scalar() : "";
  char* end = nullptr;
  errno = 0;
  const long long n = text.empty() ? 0 : std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0) {
    fail(value, "'" + key + "' must be a whole number, not " + yaml_shown(value));
    return std::nullopt;
  }
  if (n < low || n > high) {
    fail(value, "'" + key + "' is " + text + ", but " + meaning);
    return std::nullopt;
  }
  return n;
}

std::optional<double> FieldReader::read_number(const YAML::Node& value, const std::string& key,
                                               double low, const std::string& meaning) {
  const std::string text = value.IsScalar() ? value.Scalar() : "";
  char* end = nullptr;
  const double n = text.empty() ? 0 : std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(n)) {
    fail(value, "'" + key + "' must be a number, not " + yaml_shown(value));
    return std::nullopt;
  }
  if (n < low) {
    fail(value, "'" + key + "' is " + text + ", but " + meaning);
    return std::nullopt;
  }
  return n;
}

std::optional<uint64_t> FieldReader::read_seed(const YAML::Node& value, const std::string& key) {
  const std::string text = value.IsScalar() ? value.Scalar() : "";
  char* end = nullptr;
  errno = 0;
  const unsigned long long n = text.empty() ? 0 : std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || text[0] == '-' || *end != '\0' || errno != 0) {
    fail(value, "'" + key + "' must be a non-negative whole number, not " + yaml_shown(value));
    return std::nullopt;
  }
  return n;
}

std::optional<std::chrono::milliseconds> FieldReader::read_duration(const YAML::Node& value,
                                                                    const std::string& key,
                                                                    bool zero_allowed) {
  std::optional<std::chrono::milliseconds> d =
      value.IsScalar() ? parse_duration(value.Scalar()) : std::nullopt;
  if (!d || d->count() < 0 || (d->count() == 0 && !zero_allowed)) {
    fail(value, "'" + key + "' must be a " + (zero_allowed ? "" : "positive ") +
                    "duration such as 10s, 500ms, 2m or 1h, not " + yaml_shown(value));
    return std::nullopt;
  }
  if (*d > kLongestDuration) {
    fail(value, "'" + key + "' is " + value.Scalar() + ", but at most " +
                    std::string(kLongestDurationText));
    return std::nullopt;
  }
  return d;
}

std::optional<std::vector<std::string>> FieldReader::read_words(const YAML::Node& value,
                                                                const std::string& key) {
  if (value.IsScalar() && !value.Scalar().empty()) return std::vector<std::string>{value.Scalar()};
  if (!value.IsSequence() || value.size() == 0) {
    fail(value, "'" + key + "' must be a list, e.g. [a, b], not " + yaml_shown(value));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const YAML::Node& item : value) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      fail(item, "each item of '" + key + "' must be a single value, not " + yaml_shown(item));
      return std::nullopt;
    }
    out.push_back(item.Scalar());
  }
  return out;
}

std::optional<std::map<std::string, std::string>> FieldReader::read_text_map(
    const YAML::Node& value, const std::string& key) {
  if (!expect_map(value, "'" + key + "'")) return std::nullopt;
  std::map<std::string, std::string> out;
  for (const auto& entry : value) {
    const std::string name = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (name.empty()) {
      fail(entry.first, "the names in '" + key + "' must be words, not " + yaml_shown(entry.first));
      return std::nullopt;
    }
    if (!entry.second.IsScalar()) {
      fail(entry.second,
           "'" + key + "." + name + "' must be a single value, not " + yaml_shown(entry.second));
      return std::nullopt;
    }
    if (!out.emplace(name, entry.second.Scalar()).second) {
      fail(entry.first, "'" + name + "' is given twice in '" + key + "'; keep one");
      return std::nullopt;
    }
  }
  return out;
}

}  // namespace faultline
