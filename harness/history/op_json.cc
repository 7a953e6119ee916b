#include "harness/history/op_json.h"

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <utility>

namespace faultline {
namespace {

using Problem = std::optional<std::string>;  // what is wrong with a field's value

constexpr std::string_view kNemesisName = "nemesis";

std::string dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Strings that need no escaping (the common case) are copied as they are.
void append_string(std::string_view text, std::string* out) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') {
      *out += dump(Json(std::string(text)));
      return;
    }
  }
  *out += '"';
  *out += text;
  *out += '"';
}

std::optional<int64_t> as_int64(const Json& value) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<uint64_t>();
    if (unsigned_value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<int64_t>(unsigned_value);
  }
  if (value.is_number_integer()) return value.get<int64_t>();
  return std::nullopt;
}

// How a value of a dialect is spelt in messages: "invoke" in JSON, :invoke in EDN.
std::string spell(std::string_view name, OpDialect dialect) {
  return dialect == OpDialect::kJepsenEdn ? ":" + std::string(name) : std::string(name);
}

std::string field_name(std::string_view field, OpDialect dialect) {
  return dialect == OpDialect::kJepsenEdn ? ":" + std::string(field)
                                          : "'" + std::string(field) + "'";
}

Problem set_index(Json& value, OpDialect, Op* op) {
  if (value.is_null()) return std::nullopt;
  std::optional<int64_t> index = as_int64(value);
  if (!index || *index < -1) return "must be a non-negative integer";
  op->index = *index;
  return std::nullopt;
}

Problem set_process(Json& value, OpDialect dialect, Op* op) {
  if (std::optional<int64_t> process = as_int64(value)) {
    op->process = *process;
    return std::nullopt;
  }
  // EDN names non-client actors with keywords (:nemesis); all are kNemesisProcess.
  if (value.is_string() && (dialect == OpDialect::kJepsenEdn || value == kNemesisName)) {
    op->process = kNemesisProcess;
    return std::nullopt;
  }
  if (dialect == OpDialect::kJepsenEdn) return "must be an integer or a keyword such as :nemesis";
  return "must be an integer or \"nemesis\"";
}

Problem set_type(Json& value, OpDialect dialect, Op* op) {
  std::optional<OpType> type;
  if (value.is_string()) type = parse_op_type(value.get_ref<const std::string&>());
  if (!type) {
    return "must be one of " + spell("invoke", dialect) + ", " + spell("ok", dialect) + ", " +
           spell("fail", dialect) + ", " + spell("info", dialect);
  }
  op->type = *type;
  return std::nullopt;
}

Problem set_f(Json& value, OpDialect dialect, Op* op) {
  if (!value.is_string()) {
    return dialect == OpDialect::kJepsenEdn ? "must be a keyword" : "must be a string";
  }
  op->f = std::move(value.get_ref<std::string&>());
  return std::nullopt;
}

Problem set_key(Json& value, OpDialect, Op* op) {
  if (value.is_null()) {
    op->key.reset();
  } else if (value.is_string()) {
    op->key = std::move(value.get_ref<std::string&>());
  } else if (std::optional<int64_t> number = as_int64(value)) {
    op->key = std::to_string(*number);
  } else {
    return "must be a string or an integer";
  }
  return std::nullopt;
}

Problem set_value(Json& value, OpDialect, Op* op) {
  op->value = std::move(value);
  return std::nullopt;
}

Problem set_time(Json& value, OpDialect, Op* op) {
  if (value.is_null()) return std::nullopt;
  std::optional<int64_t> time = as_int64(value);
  if (!time) return "must be an integer (nanoseconds)";
  op->time_ns = *time;
  return std::nullopt;
}

Problem set_node(Json& value, OpDialect, Op* op) {
  if (value.is_null()) return std::nullopt;
  if (!value.is_string()) return "must be a string";
  op->node = std::move(value.get_ref<std::string&>());
  return std::nullopt;
}

Problem set_error(Json& value, OpDialect, Op* op) {
  op->error = std::move(value);
  return std::nullopt;
}

struct FieldRule {
  std::string_view name;
  Problem (*set)(Json& value, OpDialect dialect, Op* op);
  bool required;
};

constexpr FieldRule kFields[] = {
    {"index", set_index, false}, {"process", set_process, true}, {"type", set_type, true},
    {"f", set_f, true},          {"key", set_key, false},        {"value", set_value, false},
    {"time", set_time, false},   {"node", set_node, false},      {"error", set_error, false}};
constexpr size_t kFieldCount = sizeof(kFields) / sizeof(kFields[0]);

// Positions in kFields, for the fields set_text() takes as they are.
enum FieldIndex {
  kIndexField,
  kProcessField,
  kTypeField,
  kFField,
  kKeyField,
  kValueField,
  kTimeField,
  kNodeField,
  kErrorField
};
static_assert(kFields[kProcessField].name == "process" && kFields[kTypeField].name == "type" &&
              kFields[kFField].name == "f" && kFields[kKeyField].name == "key" &&
              kFields[kNodeField].name == "node");

int find_field(std::string_view name) {
  // The first byte first: this runs for every field of every line of a history.
  for (size_t i = 0; i < kFieldCount; ++i) {
    const std::string_view candidate = kFields[i].name;
    if (candidate.size() == name.size() && candidate[0] == name[0] && candidate == name)
      return static_cast<int>(i);
  }
  return -1;
}

std::string field_problem(const FieldRule& rule, OpDialect dialect, const std::string& problem,
                          const Json& found) {
  std::string shown = dialect == OpDialect::kJepsenEdn && found.is_null() ? "nil" : dump(found);
  if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
  return "field " + field_name(rule.name, dialect) + " " + problem + ", found " + shown;
}

}  // namespace

Json op_to_json(const Op& op) {
  Json json = Json::object();
  json["index"] = op.index;
  json["process"] = op.process == kNemesisProcess ? Json(kNemesisName) : Json(op.process);
  json["type"] = to_string(op.type);
  json["f"] = op.f;
  if (op.key) json["key"] = *op.key;
  json["value"] = op.value;
  if (op.time_ns != -1) json["time"] = op.time_ns;
  if (!op.node.empty()) json["node"] = op.node;
  if (!op.error.is_null()) json["error"] = op.error;
  return json;
}

std::string op_to_jsonl(const Op& op) {
  std::string out = "{\"index\":" + std::to_string(op.index) + ",\"process\":";
  out += op.process == kNemesisProcess ? "\"nemesis\"" : std::to_string(op.process);
  out += ",\"type\":\"";
  out += to_string(op.type);
  out += "\",\"f\":";
  append_string(op.f, &out);
  if (op.key) {
    out += ",\"key\":";
    append_string(*op.key, &out);
  }
  out += ",\"value\":" + dump(op.value);
  if (op.time_ns != -1) out += ",\"time\":" + std::to_string(op.time_ns);
  if (!op.node.empty()) {
    out += ",\"node\":";
    append_string(op.node, &out);
  }
  if (!op.error.is_null()) out += ",\"error\":" + dump(op.error);
  out += '}';
  return out;
}

Parsed<Op> op_from_json(const Json& json, const SourceLocation& where) {
  return op_from_json(Json(json), where, OpDialect::kFaultline);
}

Parsed<Op> op_from_json(Json&& json, const SourceLocation& where, OpDialect dialect) {
  if (!json.is_object()) {
    return SourceError{where, "expected an op object, found " + std::string(json.type_name())};
  }
  OpBuilder builder(dialect);
  for (auto& [name, value] : json.get_ref<Json::object_t&>()) {
    if (!builder.set(name, std::move(value))) break;
  }
  return builder.finish(where);
}

bool OpBuilder::set(std::string_view field, Json&& value) {
  if (problem_) return false;
  const int index = find_field(field);
  if (index < 0) return true;  // unknown fields are someone else's business
  seen_ |= 1u << index;
  if (Problem problem = kFields[index].set(value, dialect_, &op_)) {
    problem_ = field_problem(kFields[index], dialect_, *problem, value);
    return false;
  }
  return true;
}

bool OpBuilder::set_text(std::string_view field, std::string_view text) {
  if (problem_) return false;
  const int index = find_field(field);
  if (index < 0) return true;
  if (index == kFField || index == kKeyField || index == kNodeField) {
    seen_ |= 1u << index;
    std::string& slot = index == kFField      ? op_.f
                        : index == kNodeField ? op_.node
                                              : op_.key.emplace();
    slot.assign(text);
    return true;
  }
  if (index == kTypeField) {
    if (std::optional<OpType> type = parse_op_type(text)) {
      seen_ |= 1u << index;
      op_.type = *type;
      return true;
    }
  } else if (index == kProcessField && text == kNemesisName) {
    seen_ |= 1u << index;
    op_.process = kNemesisProcess;
    return true;
  }
  return set(field, Json(std::string(text)));  // its words for what is wrong, or a JSON value
}

Parsed<Op> OpBuilder::finish(const SourceLocation& where) {
  if (problem_) return SourceError{where, std::move(*problem_)};
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (kFields[i].required && !(seen_ & (1u << i))) {
      return SourceError{where, "missing field " + field_name(kFields[i].name, dialect_)};
    }
  }
  op_.source_line = where.line;
  return std::move(op_);
}

}  // namespace faultline
