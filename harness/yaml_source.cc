#include "harness/yaml_source.h"

#include <algorithm>
#include <set>

#include "harness/suggest.h"

namespace faultline {

SourceLocation yaml_location(const std::string& file, const YAML::Mark& mark) {
  SourceLocation where{file, 0, 0};
  if (mark.line >= 0) where.line = mark.line + 1;
  if (mark.column >= 0) where.column = mark.column + 1;
  return where;
}

SourceError yaml_error(const std::string& file, const YAML::Mark& mark, std::string message) {
  return SourceError{yaml_location(file, mark), std::move(message)};
}

std::string yaml_shown(const YAML::Node& node) {
  if (!node || node.IsNull()) return "nothing";
  if (node.IsScalar()) return "'" + node.Scalar() + "'";
  if (node.IsMap()) return "a mapping";
  if (node.IsSequence()) return "a list";
  return "nothing";
}

std::optional<SourceError> check_yaml_keys(const std::string& file, const YAML::Node& map,
                                           const std::vector<std::string>& known,
                                           const std::string& what) {
  std::set<std::string> seen;
  for (const auto& entry : map) {
    const YAML::Node& key = entry.first;
    const std::string name = key.IsScalar() ? key.Scalar() : "";
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      return yaml_error(file, key.Mark(), unknown_name_message(what, name, known));
    }
    if (!seen.insert(name).second) {
      return yaml_error(file, key.Mark(), "'" + name + "' is given twice; keep one");
    }
  }
  return std::nullopt;
}

}  // namespace faultline
