#include "harness/history/history_edn.h"

#include <optional>
#include <utility>
#include <vector>

#include "harness/history/edn.h"
#include "harness/history/op_json.h"

namespace faultline {
namespace {

// What an EDN value was, as far as its JSON form tells, for messages.
std::string edn_kind(const Json& value) {
  if (value.is_object()) return "a map";
  if (value.is_array()) return "a vector";
  if (value.is_string()) return "a keyword or string";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "a boolean";
  return "nil";
}

SourceLocation location(const std::string& source_name, EdnPosition at) {
  return SourceLocation{source_name, at.line, at.column};
}

std::optional<SourceError> add_op(Json&& json, EdnPosition at, History* history) {
  const SourceLocation where = location(history->source, at);
  if (!json.is_object()) return SourceError{where, "expected an op map, found " + edn_kind(json)};
  Parsed<Op> op = op_from_json(std::move(json), where, OpDialect::kJepsenEdn);
  if (!op) return op.error();
  if (op->index < 0) op->index = static_cast<int64_t>(history->ops.size());
  history->ops.push_back(std::move(*op));
  return std::nullopt;
}

// A top-level form is one op map, or a vector (or list) of them.
std::optional<SourceError> add_form(Json&& form, EdnPosition at,
                                    const std::vector<EdnPosition>& element_starts,
                                    History* history) {
  if (form.is_object()) return add_op(std::move(form), at, history);
  if (!form.is_array()) {
    return SourceError{location(history->source, at),
                       "expected a vector of op maps or an op map, found " + edn_kind(form)};
  }
  history->ops.reserve(history->ops.size() + form.size());
  for (size_t i = 0; i < form.size(); ++i) {
    // A tagged top-level vector (#tag [...]) has no element positions: use its own.
    const EdnPosition where = i < element_starts.size() ? element_starts[i] : at;
    if (auto error = add_op(std::move(form[i]), where, history)) return error;
  }
  return std::nullopt;
}

}  // namespace

Parsed<History> read_edn_history(std::string_view text, const std::string& source_name) {
  History history;
  history.source = source_name;
  EdnReader reader(text, source_name);
  std::vector<EdnPosition> element_starts;
  for (;;) {
    Parsed<bool> end = reader.at_end();
    if (!end) return end.error();
    if (*end) return history;
    const EdnPosition at = reader.position();
    element_starts.clear();
    Parsed<Json> form = reader.read(&element_starts);
    if (!form) return form.error();
    if (auto error = add_form(std::move(*form), at, element_starts, &history)) return *error;
  }
}

}  // namespace faultline
