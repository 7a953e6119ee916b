#include "harness/base/yaml_source.h"

#include <algorithm>
#include <set>

#include "harness/base/suggest.h"
#include "harness/base/utf8.h"

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

Parsed<YAML::Node> load_yaml(const std::string& text, const std::string& file) {
  const size_t bad = first_non_text_byte(text);
  if (bad != std::string::npos) {
    const std::string_view before = std::string_view(text).substr(0, bad);
    const size_t newline = before.rfind('\n');
    const size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
    const int64_t line = 1 + std::count(before.begin(), before.end(), '\n');
    const int64_t column = column_at(before.substr(line_start), bad - line_start);
    return SourceError{{file, line, column},
                       "not a YAML text file: byte " + visible_excerpt(text.substr(bad, 1)) +
                           " is not UTF-8 text (or is a control character)"};
  }
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // yaml-cpp may point past the end of a cut last line, and quote the
    // character it read there raw: keep both inside the text and printable.
    SourceError error = yaml_error(file, e.mark, visible_excerpt(e.msg, 1000));
    const std::string_view lines = text;
    size_t start = 0;
    for (int64_t line = 1; line < error.where.line && start != std::string_view::npos; ++line) {
      start = lines.find('\n', start);
      if (start != std::string_view::npos) ++start;
    }
    if (start != std::string_view::npos && error.where.line >= 1) {
      const std::string_view line = lines.substr(start, lines.find('\n', start) - start);
      error.where.column = std::min(error.where.column, column_at(line, line.size()));
    }
    return error;
  }
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
