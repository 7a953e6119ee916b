#include "nemeses/schedule.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "harness/text_file.h"
#include "harness/suggest.h"
#include "harness/yaml_source.h"
#include "nemeses/partition_shapes.h"
#include "nemeses/targets.h"

namespace faultline {
namespace {

enum class ValueType { kText, kPercent, kInteger, kShape, kTarget };

struct KeySpec {
  const char* key;
  ValueType type;
};

struct KindSpec {
  const char* kind;
  std::vector<KeySpec> keys;
};

// Each fault kind and the keys it takes. A new kind adds a row here.
const std::vector<KindSpec>& kinds() {
  static const std::vector<KindSpec> table = {
      {"partition",
       {{"shape", ValueType::kShape},
        {"target", ValueType::kTarget},
        {"components", ValueType::kText},
        {"primaries", ValueType::kTarget}}},
      {"loss", {{"percent", ValueType::kPercent}, {"target", ValueType::kTarget}}},
      {"netem",
       {{"delay_ms", ValueType::kInteger},
        {"jitter_ms", ValueType::kInteger},
        {"target", ValueType::kTarget}}},
      {"bandwidth", {{"rate", ValueType::kText}, {"target", ValueType::kTarget}}},
      {"pause", {{"target", ValueType::kTarget}, {"process", ValueType::kText}}},
      {"kill", {{"target", ValueType::kTarget}, {"process", ValueType::kText}}},
      {"clock", {{"bump_ms", ValueType::kInteger}, {"target", ValueType::kTarget}}},
  };
  return table;
}

const KindSpec* find_kind(const std::string& kind) {
  for (const KindSpec& spec : kinds()) {
    if (kind == spec.kind) return &spec;
  }
  return nullptr;
}

const std::vector<std::string> kScheduleKeys = {"interval", "duration", "order", "seed", "faults"};

std::optional<double> number(const YAML::Node& node) {
  if (!node.IsScalar() || node.Scalar().empty()) return std::nullopt;
  const std::string& text = node.Scalar();
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

// Reads one `nemesis` mapping, remembering the first error.
class ScheduleReader {
 public:
  explicit ScheduleReader(std::string file) : file_(std::move(file)) {}

  Parsed<Schedule> read(const YAML::Node& nemesis) {
    if (!nemesis.IsMap())
      return fail(nemesis, "'nemesis' must be a mapping, not " + yaml_shown(nemesis));
    if (!check_keys(nemesis, kScheduleKeys, "nemesis key")) return *error_;
    Schedule schedule;
    if (!read_time(nemesis["interval"], "interval", false, schedule.interval) ||
        !read_time(nemesis["duration"], "duration", true, schedule.duration) ||
        !read_order(nemesis["order"], schedule.order) || !read_seed(nemesis["seed"], schedule)) {
      return *error_;
    }
    const YAML::Node faults = nemesis["faults"];
    if (!faults) return fail(nemesis, "missing 'faults': the list of faults to inject");
    if (!faults.IsSequence() || faults.size() == 0) {
      return fail(faults, "'faults' must be a list of faults, e.g. '- partition: {shape: halves}'");
    }
    for (const YAML::Node& entry : faults) {
      std::optional<FaultSpec> fault = read_fault(entry);
      if (!fault) return *error_;
      schedule.faults.push_back(std::move(*fault));
    }
    return schedule;
  }

 private:
  SourceError fail(const YAML::Node& at, std::string message) {
    error_ = yaml_error(file_, at.Mark(), std::move(message));
    return *error_;
  }

  bool check_keys(const YAML::Node& map, const std::vector<std::string>& known,
                  const std::string& what) {
    if (std::optional<SourceError> problem = check_yaml_keys(file_, map, known, what)) {
      error_ = *problem;
      return false;
    }
    return true;
  }

  bool read_time(const YAML::Node& node, const std::string& key, bool positive,
                 std::chrono::milliseconds& out) {
    if (!node) return true;
    std::optional<std::chrono::milliseconds> value =
        node.IsScalar() ? parse_duration(node.Scalar()) : std::nullopt;
    if (!value || (positive && value->count() == 0)) {
      fail(node, "'" + key + "' must be a " + (positive ? "positive " : "") +
                     "duration such as 10s, 500ms, 2m or 1h, not " + yaml_shown(node));
      return false;
    }
    out = *value;
    return true;
  }

  bool read_order(const YAML::Node& node, ScheduleOrder& out) {
    if (!node) return true;
    const std::string text = node.IsScalar() ? node.Scalar() : "";
    if (text == "random" || text == "fixed") {
      out = text == "random" ? ScheduleOrder::kRandom : ScheduleOrder::kFixed;
      return true;
    }
    fail(node, unknown_name_message("order", text, {"random", "fixed"}));
    return false;
  }

  bool read_seed(const YAML::Node& node, Schedule& out) {
    if (!node) return true;
    const std::string text = node.IsScalar() ? node.Scalar() : "";
    char* end = nullptr;
    const unsigned long long seed = std::strtoull(text.c_str(), &end, 10);
    if (text.empty() || text[0] == '-' || *end != '\0') {
      fail(node, "'seed' must be a non-negative integer, not " + yaml_shown(node));
      return false;
    }
    out.seed = seed;
    return true;
  }

  // An entry is `kind` alone or `kind: {key: value, ...}`.
  std::optional<FaultSpec> read_fault(const YAML::Node& entry) {
    FaultSpec fault;
    fault.where = yaml_location(file_, entry.Mark());
    fault.params = Json::object();
    // Assigning to a YAML::Node writes through to the document: initialize only.
    const bool with_settings = entry.IsMap() && entry.size() == 1;
    if (!with_settings && !entry.IsScalar()) {
      fail(entry, "a fault is a kind with its settings, e.g. 'partition: {shape: halves}', not " +
                      yaml_shown(entry));
      return std::nullopt;
    }
    const YAML::Node kind_node = with_settings ? entry.begin()->first : entry;
    const YAML::Node keys = with_settings ? entry.begin()->second : YAML::Node();
    fault.kind = kind_node.Scalar();
    const KindSpec* spec = find_kind(fault.kind);
    if (!spec) {
      fail(kind_node, unknown_name_message("fault kind", fault.kind, fault_kinds()));
      return std::nullopt;
    }
    if (!keys || keys.IsNull()) return fault;
    if (!keys.IsMap()) {
      fail(keys, "the settings of '" + fault.kind + "' must be a mapping, not " + yaml_shown(keys));
      return std::nullopt;
    }
    if (!check_keys(keys, fault_keys(fault.kind), fault.kind + " key")) return std::nullopt;
    for (const auto& entry : keys) {
      if (!read_value(*spec, entry.first.Scalar(), entry.second, fault)) return std::nullopt;
    }
    return fault;
  }

  bool read_value(const KindSpec& spec, const std::string& key, const YAML::Node& value,
                  FaultSpec& fault) {
    ValueType type = ValueType::kText;
    for (const KeySpec& k : spec.keys) {
      if (key == k.key) type = k.type;
    }
    switch (type) {
      case ValueType::kTarget:
        return read_target(key, value, fault);
      case ValueType::kPercent:
        return read_number(key, value, 0, 100, false, fault);
      case ValueType::kInteger:
        return read_number(key, value, -1e12, 1e12, true, fault);
      case ValueType::kShape:
        if (value.IsScalar() && !contains(value.Scalar(), shape_names())) {
          fail(value, unknown_name_message("partition shape", value.Scalar(), shape_names()));
          return false;
        }
        [[fallthrough]];
      case ValueType::kText:
        if (!value.IsScalar()) {
          fail(value, "'" + key + "' must be a single value, not " + yaml_shown(value));
          return false;
        }
        fault.params[key] = value.Scalar();
        return true;
    }
    return false;
  }

  static bool contains(const std::string& name, const std::vector<std::string>& known) {
    return std::find(known.begin(), known.end(), name) != known.end();
  }

  bool read_number(const std::string& key, const YAML::Node& value, double low, double high,
                   bool integer, FaultSpec& fault) {
    std::optional<double> n = number(value);
    if (!n || *n < low || *n > high || (integer && *n != std::floor(*n))) {
      fail(value, "'" + key + "' must be " +
                      (integer ? std::string("a whole number")
                               : "a number from " + std::to_string(int(low)) + " to " +
                                     std::to_string(int(high))) +
                      ", not " + yaml_shown(value));
      return false;
    }
    fault.params[key] = integer ? Json(static_cast<int64_t>(*n)) : Json(*n);
    return true;
  }

  // A named target or node names, as one word, "n1,n2", or a list.
  bool read_target(const std::string& key, const YAML::Node& value, FaultSpec& fault) {
    std::string joined;
    if (value.IsScalar()) {
      joined = value.Scalar();
    } else if (value.IsSequence()) {
      for (const YAML::Node& item : value) {
        if (!item.IsScalar()) {
          fail(item, "expected a node name, not " + yaml_shown(item));
          return false;
        }
        joined += (joined.empty() ? "" : ",") + item.Scalar();
      }
    } else {
      fail(value, "'" + key + "' must be a target or a list of nodes, not " + yaml_shown(value));
      return false;
    }
    const std::vector<std::string> named = named_targets();
    // Short words are node names far more often than typos ("n1" is one
    // edit from "one"); node names are checked against the nodes at run time.
    const bool could_be_a_node = joined.size() <= 3 || joined.find(',') != std::string::npos;
    if (!contains(joined, named) && !could_be_a_node && closest_name(joined, named)) {
      fail(value, unknown_name_message("target", joined, named) +
                      " (or a node name, when that is what you meant)");
      return false;
    }
    if (key == "target") {
      fault.target = joined;
    } else {
      fault.params[key] = joined;
    }
    return true;
  }

  std::string file_;
  std::optional<SourceError> error_;
};

}  // namespace

std::vector<std::string> fault_kinds() {
  std::vector<std::string> out;
  for (const KindSpec& spec : kinds()) out.push_back(spec.kind);
  return out;
}

std::vector<std::string> fault_keys(const std::string& kind) {
  std::vector<std::string> out;
  if (const KindSpec* spec = find_kind(kind)) {
    for (const KeySpec& key : spec->keys) out.push_back(key.key);
  }
  return out;
}

std::vector<std::string> named_targets() { return target_names(); }

std::optional<std::chrono::milliseconds> parse_duration(const std::string& text) {
  static const std::vector<std::pair<std::string, double>> kUnits = {
      {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
  size_t digits = 0;
  while (digits < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[digits])) || text[digits] == '.')) {
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  const std::string unit = text.substr(digits);
  char* end = nullptr;
  const std::string number_text = text.substr(0, digits);
  const double value = std::strtod(number_text.c_str(), &end);
  if (*end != '\0') return std::nullopt;
  for (const auto& [name, ms] : kUnits) {
    if (unit == name) return std::chrono::milliseconds(std::llround(value * ms));
  }
  return std::nullopt;
}

Parsed<Schedule> parse_schedule(const YAML::Node& nemesis, const std::string& file) {
  return ScheduleReader(file).read(nemesis);
}

Parsed<Schedule> parse_schedule_text(const std::string& text, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return yaml_error(file, e.mark, e.msg);
  }
  if (!root.IsMap() || !root["nemesis"]) {
    return SourceError{{file, 0, 0}, "no 'nemesis' section: nothing to schedule"};
  }
  return parse_schedule(root["nemesis"], file);
}

Parsed<Schedule> read_schedule(const std::string& path) {
  Result<std::string, FileError> text = read_text_file(path);
  if (!text) return SourceError{{path, 0, 0}, "cannot read the test file: " + text.error().reason};
  return parse_schedule_text(*text, path);
}

uint64_t choose_seed(const Schedule& schedule) {
  if (schedule.seed) return *schedule.seed;
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) ^ device();
}

}  // namespace faultline
