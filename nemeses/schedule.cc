#include "nemeses/schedule.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>

#include "harness/base/suggest.h"
#include "harness/base/text_file.h"
#include "harness/base/text_list.h"
#include "harness/base/yaml_fields.h"
#include "harness/base/yaml_source.h"
#include "nemeses/clock_commands.h"
#include "nemeses/clock_schedule.h"
#include "nemeses/fault_kinds.h"
#include "nemeses/partition_shapes.h"
#include "nemeses/targets.h"
#include "nemeses/traffic_shape.h"

namespace faultline {
namespace {

const std::vector<std::string> kScheduleKeys = {"interval", "duration",   "order",
                                                "seed",     "clock_mode", "faults"};

std::optional<double> number(const YAML::Node& node) {
  if (!node.IsScalar() || node.Scalar().empty()) return std::nullopt;
  const std::string& text = node.Scalar();
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0' || !std::isfinite(value)) return std::nullopt;
  return value;
}

// What is wrong with a list of node names "n1,n3" on its face (no node list
// needed): an empty name or a name given twice.
std::optional<std::string> target_list_problem(const std::string& list) {
  if (list.find(',') == std::string::npos) return std::nullopt;
  std::set<std::string> seen;
  for (const std::string& name : split_trimmed(list, ',')) {
    if (name.empty()) return "'" + list + "' has an empty node name";
    if (!seen.insert(name).second) return "names node '" + name + "' twice";
  }
  return std::nullopt;
}

// The same for components "n1,n2|n3": two or more, none empty, no node twice.
std::optional<std::string> components_syntax_problem(const std::string& spec) {
  const std::vector<std::string> groups = split_trimmed(spec, '|');
  if (groups.size() < 2) {
    return "'" + spec + "' must give two or more components split by '|', e.g. 'n1,n2|n3'";
  }
  std::set<std::string> seen;
  for (const std::string& group : groups) {
    const std::vector<std::string> names = split_trimmed(group, ',');
    if (group.empty() ||
        std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.empty(); })) {
      return "'" + spec + "' has an empty component or name";
    }
    for (const std::string& name : names) {
      if (!seen.insert(name).second)
        return "'" + spec + "' puts node '" + name + "' in two components";
    }
  }
  return std::nullopt;
}

// Reads one `nemesis` mapping, remembering the first error.
class ScheduleReader {
 public:
  explicit ScheduleReader(std::string file) : file_(file), fields_(std::move(file)) {}

  Parsed<Schedule> read(const YAML::Node& nemesis) {
    if (!nemesis.IsMap())
      return fields_.fail(nemesis, "'nemesis' must be a mapping, not " + yaml_shown(nemesis));
    if (!fields_.check_keys(nemesis, kScheduleKeys, "nemesis key")) return fields_.error();
    Schedule schedule;
    if (!read_time(nemesis["interval"], "interval", false, schedule.interval) ||
        !read_time(nemesis["duration"], "duration", true, schedule.duration) ||
        !read_order(nemesis["order"], schedule.order) || !read_seed(nemesis["seed"], schedule) ||
        !read_clock_mode(nemesis["clock_mode"], schedule.clock_mode)) {
      return fields_.error();
    }
    const YAML::Node faults = nemesis["faults"];
    if (!faults) return fields_.fail(nemesis, "missing 'faults': the list of faults to inject");
    if (!faults.IsSequence() || faults.size() == 0) {
      return fields_.fail(faults,
                          "'faults' must be a list of faults, e.g. '- partition: {shape: halves}'");
    }
    for (const YAML::Node& entry : faults) {
      std::optional<FaultSpec> fault = read_fault(entry);
      if (!fault) return fields_.error();
      schedule.faults.push_back(std::move(*fault));
    }
    return schedule;
  }

 private:
  bool read_time(const YAML::Node& node, const std::string& key, bool positive,
                 std::chrono::milliseconds& out) {
    if (!node) return true;
    std::optional<std::chrono::milliseconds> value = fields_.read_duration(node, key, !positive);
    if (!value) return false;
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
    fields_.fail(node, unknown_name_message("order", text, {"random", "fixed"}));
    return false;
  }

  bool read_clock_mode(const YAML::Node& node, std::string& out) {
    if (!node) return true;
    const std::string text = node.IsScalar() ? node.Scalar() : "";
    if (std::find(kClockModeChoices.begin(), kClockModeChoices.end(), text) !=
        kClockModeChoices.end()) {
      out = text;
      return true;
    }
    fields_.fail(node, unknown_name_message("clock_mode", text, kClockModeChoices));
    return false;
  }

  bool read_seed(const YAML::Node& node, Schedule& out) {
    if (!node) return true;
    out.seed = fields_.read_seed(node, "seed");
    return out.seed.has_value();
  }

  // An entry is `kind` alone or `kind: {key: value, ...}`.
  std::optional<FaultSpec> read_fault(const YAML::Node& entry) {
    FaultSpec fault;
    fault.where = yaml_location(file_, entry.Mark());
    fault.params = Json::object();
    // Assigning to a YAML::Node writes through to the document: initialize only.
    const bool with_settings = entry.IsMap() && entry.size() == 1;
    if (!with_settings && !entry.IsScalar()) {
      fields_.fail(entry,
                   "a fault is a kind with its settings, e.g. 'partition: {shape: halves}', not " +
                       yaml_shown(entry));
      return std::nullopt;
    }
    const YAML::Node kind_node = with_settings ? entry.begin()->first : entry;
    const YAML::Node keys = with_settings ? entry.begin()->second : YAML::Node();
    fault.kind = kind_node.Scalar();
    const FaultKindSpec* spec = find_fault_kind(fault.kind);
    if (!spec) {
      fields_.fail(kind_node, unknown_name_message("fault kind", fault.kind, fault_kinds()));
      return std::nullopt;
    }
    if (!keys || keys.IsNull()) return fault;
    if (!keys.IsMap()) {
      fields_.fail(
          keys, "the settings of '" + fault.kind + "' must be a mapping, not " + yaml_shown(keys));
      return std::nullopt;
    }
    if (!fields_.check_keys(keys, fault_keys(fault.kind), fault.kind + " key")) return std::nullopt;
    for (const auto& entry : keys) {
      if (!read_value(*spec, entry.first.Scalar(), entry.second, fault)) return std::nullopt;
    }
    if (fault.kind == "partition" && !check_partition(keys, fault)) return std::nullopt;
    if (fault.kind == "clock") {
      if (std::optional<ClockSettingsProblem> p = clock_settings_problem(fault.params)) {
        fields_.fail(p->key.empty() ? kind_node : keys[p->key], p->message);
        return std::nullopt;
      }
    }
    return fault;
  }

  bool read_value(const FaultKindSpec& spec, const std::string& key, const YAML::Node& value,
                  FaultSpec& fault) {
    const FaultKeySpec* found = nullptr;
    for (const FaultKeySpec& k : spec.keys) {
      if (key == k.key) found = &k;
    }
    const FaultValueType type = found ? found->type : FaultValueType::kText;
    if (type == FaultValueType::kTarget) return read_target(key, value, fault);
    if (type == FaultValueType::kPercent) return read_percent(key, value, fault);
    if (type == FaultValueType::kWhole) return read_whole(*found, value, fault);
    if (type == FaultValueType::kFlag) return read_flag(key, value, fault);
    if (!value.IsScalar() || value.Scalar().empty()) {
      fields_.fail(value, "'" + key + "' must be a single value, not " + yaml_shown(value));
      return false;
    }
    const std::string& text = value.Scalar();
    if (type == FaultValueType::kShape && !contains(text, shape_names())) {
      fields_.fail(value, unknown_name_message("partition shape", text, shape_names()));
      return false;
    }
    if (type == FaultValueType::kRate) {
      // The rate tc would be given; 0 or a typo would shape nothing.
      if (Result<uint64_t, std::string> rate = parse_rate(text); !rate) {
        fields_.fail(value, "'rate': " + rate.error());
        return false;
      }
    }
    if (type == FaultValueType::kComponents) {
      if (std::optional<std::string> problem = components_syntax_problem(text)) {
        fields_.fail(value, "'components' " + *problem);
        return false;
      }
    }
    fault.params[key] = text;
    return true;
  }

  static bool contains(const std::string& name, const std::vector<std::string>& known) {
    return std::find(known.begin(), known.end(), name) != known.end();
  }

  // A loss of 0% drops nothing: more than 0, at most 100.
  bool read_percent(const std::string& key, const YAML::Node& value, FaultSpec& fault) {
    std::optional<double> n = number(value);
    if (!n || *n <= 0 || *n > 100) {
      fields_.fail(value, "'" + key +
                              "' must be a number from 0 to 100 (more than 0: 0% drops nothing), "
                              "not " +
                              yaml_shown(value));
      return false;
    }
    fault.params[key] = *n;
    return true;
  }

  bool read_whole(const FaultKeySpec& spec, const YAML::Node& value, FaultSpec& fault) {
    std::optional<double> n = number(value);
    const bool whole = n && *n == std::floor(*n) && *n >= -9e15 && *n <= 9e15;
    // A clock bump, strobe or drift of 0 moves nothing (their ranges span 0).
    const std::string key = spec.key;
    if (whole && *n == 0 && (key == "bump_ms" || key == "strobe_ms" || key == "drift_ppm")) {
      fields_.fail(value, "'" + key + "' is 0: it would move no clock");
      return false;
    }
    if (!whole || *n < static_cast<double>(spec.low) || *n > static_cast<double>(spec.high)) {
      fields_.fail(value, "'" + std::string(spec.key) + "' must be " + spec.meaning + ", not " +
                              yaml_shown(value));
      return false;
    }
    fault.params[spec.key] = static_cast<int64_t>(*n);
    return true;
  }

  bool read_flag(const std::string& key, const YAML::Node& value, FaultSpec& fault) {
    const std::string text = value.IsScalar() ? value.Scalar() : "";
    if (text != "true" && text != "false") {
      fields_.fail(value, "'" + key + "' must be true or false, not " + yaml_shown(value));
      return false;
    }
    fault.params[key] = text == "true";
    return true;
  }

  // The settings of a partition that only some shapes read.
  bool check_partition(const YAML::Node& keys, const FaultSpec& fault) {
    const std::string shape =
        fault.params.contains("shape") ? fault.params["shape"].get<std::string>() : "halves";
    if (shape == "components" && !fault.params.contains("components")) {
      fields_.fail(keys["shape"],
                   "shape 'components' needs 'components', e.g. components: 'n1,n2|n3'");
      return false;
    }
    if (shape != "components" && fault.params.contains("components")) {
      fields_.fail(keys["components"], "'components' is read only by shape 'components', not '" +
                                           shape +
                                           "': write 'shape: components' or drop 'components'");
      return false;
    }
    if (shape != "isolate" && !fault.target.empty()) {
      fields_.fail(keys["target"],
                   "'target' is read only by shape 'isolate' (the nodes cut off), not '" + shape +
                       "': write 'shape: isolate' or drop 'target'");
      return false;
    }
    return true;
  }

  // A named target or node names, as one word, "n1,n2", or a list.
  bool read_target(const std::string& key, const YAML::Node& value, FaultSpec& fault) {
    std::string joined;
    if (value.IsScalar()) {
      joined = value.Scalar();
    } else if (value.IsSequence() && value.size() > 0) {
      std::set<std::string> seen;
      for (const YAML::Node& item : value) {
        if (!item.IsScalar() || item.Scalar().empty()) {
          fields_.fail(item, "expected a node name, not " + yaml_shown(item));
          return false;
        }
        if (!seen.insert(item.Scalar()).second) {
          fields_.fail(item, "node '" + item.Scalar() + "' is named twice in '" + key + "'");
          return false;
        }
        joined += (joined.empty() ? "" : ",") + item.Scalar();
      }
    } else {
      fields_.fail(value,
                   "'" + key + "' must be a target or a list of nodes, not " + yaml_shown(value));
      return false;
    }
    if (std::optional<std::string> problem = target_list_problem(joined)) {
      fields_.fail(value, "'" + key + "' " + *problem);
      return false;
    }
    const std::vector<std::string> named = named_targets();
    // Short words are node names far more often than typos ("n1" is one
    // edit from "one"); node names are checked against the nodes at run time.
    const bool could_be_a_node = joined.size() <= 3 || joined.find(',') != std::string::npos;
    if (!contains(joined, named) && !could_be_a_node && closest_name(joined, named)) {
      fields_.fail(value, unknown_name_message("target", joined, named) +
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
  FieldReader fields_;  // the first error, and the reads every YAML reader shares
};

}  // namespace

std::vector<std::string> named_targets() { return target_names(); }

Parsed<Schedule> parse_schedule(const YAML::Node& nemesis, const std::string& file) {
  return ScheduleReader(file).read(nemesis);
}

Parsed<Schedule> parse_schedule_text(const std::string& text, const std::string& file) {
  Parsed<YAML::Node> root = load_yaml(text, file);
  if (!root) return root.error();
  if (!root->IsMap() || !(*root)["nemesis"]) {
    return SourceError{{file, 0, 0}, "no 'nemesis' section: nothing to schedule"};
  }
  Parsed<Schedule> schedule = parse_schedule((*root)["nemesis"], file);
  if (!schedule)
    return printable(schedule.error());  // yaml-cpp's escapes can make bytes that are not UTF-8
  return schedule;
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
