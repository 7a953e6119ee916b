#include "harness/config/txn_config.h"

#include <algorithm>

#include "checkers/elle/anomaly.h"
#include "harness/base/suggest.h"
#include "harness/base/yaml_fields.h"
#include "harness/base/yaml_source.h"

namespace faultline {
namespace {

std::optional<bool> read_flag(FieldReader& reader, const YAML::Node& value,
                              const std::string& key) {
  if (value.IsScalar()) {
    if (value.Scalar() == "true") return true;
    if (value.Scalar() == "false") return false;
  }
  reader.fail(value, "'" + key + "' is true or false, not " + yaml_shown(value));
  return std::nullopt;
}

bool read_int(FieldReader& reader, const YAML::Node& map, const std::string& key, int low,
              const std::string& meaning, int* out) {
  const YAML::Node value = map[key];
  if (!value) return true;
  std::optional<int64_t> n = reader.read_integer(value, key, low, 1'000'000, meaning);
  if (n) *out = static_cast<int>(*n);
  return n.has_value();
}

}  // namespace

Parsed<TxnSettings> parse_txn_settings(const YAML::Node& node, const std::string& file) {
  FieldReader reader(file);
  TxnSettings s;
  if (!reader.expect_map(node, "'txn'") ||
      !reader.check_keys(
          node, {"min_length", "max_length", "read_ratio", "active_keys", "max_writes_per_key"},
          "txn setting") ||
      !read_int(reader, node, "min_length", 1, "a txn has at least 1 micro-op", &s.min_length) ||
      !read_int(reader, node, "max_length", 1, "a txn has at least 1 micro-op", &s.max_length) ||
      !read_int(reader, node, "active_keys", 1, "at least 1 key must be in use", &s.active_keys) ||
      !read_int(reader, node, "max_writes_per_key", 1,
                "a key takes at least 1 write before it retires", &s.max_writes_per_key)) {
    return reader.error();
  }
  if (const YAML::Node ratio = node["read_ratio"]) {
    std::optional<double> r =
        reader.read_number(ratio, "read_ratio", 0, "it is the chance of a read: from 0 to 1");
    if (!r) return reader.error();
    if (*r > 1) return reader.fail(ratio, "'read_ratio' is the chance of a read: from 0 to 1");
    s.read_ratio = *r;
  }
  if (s.max_length < s.min_length) {
    const YAML::Node at = node["max_length"] ? node["max_length"] : node["min_length"];
    return reader.fail(at, "'max_length' (" + std::to_string(s.max_length) +
                               ") must be at least 'min_length' (" + std::to_string(s.min_length) +
                               ")");
  }
  return s;
}

Parsed<ElleChoice> parse_elle_choice(const YAML::Node& node, const std::string& file) {
  FieldReader reader(file);
  ElleChoice choice;
  if (!reader.expect_map(node, "'elle'") ||
      !reader.check_keys(node, {"expect", "realtime", "process_order"}, "elle setting")) {
    return reader.error();
  }
  if (const YAML::Node expect = node["expect"]) {
    std::optional<std::string> model = reader.read_text(expect, "expect");
    if (!model) return reader.error();
    const std::vector<std::string> models = elle::consistency_model_names();
    if (std::find(models.begin(), models.end(), *model) == models.end())
      return reader.fail(expect, unknown_name_message("consistency model", *model, models));
    choice.expect = *model;
  }
  for (const char* key : {"realtime", "process_order"}) {
    if (const YAML::Node value = node[key]) {
      std::optional<bool> flag = read_flag(reader, value, key);
      if (!flag) return reader.error();
      (std::string(key) == "realtime" ? choice.realtime : choice.process_order) = *flag;
    }
  }
  return choice;
}

}  // namespace faultline
