// Converts ops to and from faultline's JSON form, one op per line of a history
// file (docs/history-format.md):
//   {"index":0,"process":1,"type":"invoke","f":"cas","key":"x","value":[1,4],
//    "time":1200,"node":"n1","error":"timeout"}
// key, time, node and error are omitted when absent; the nemesis's process is
// the string "nemesis". op -> JSON -> op is lossless (source_line aside, which
// says where an op was read from).
//
// Pure functions; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "harness/history/op.h"
#include "harness/base/source_error.h"

namespace faultline {

// Which field names and values an op's JSON object follows.
enum class OpDialect {
  kFaultline,  // faultline's JSON lines: process is an integer or "nemesis"
  kJepsenEdn,  // Jepsen's EDN maps read by edn.h: any keyword process (:nemesis) is
               // a named actor; messages name fields as :keywords
};

Json op_to_json(const Op& op);

// One line of JSON, without the newline; fields in the documented order. Never
// throws: bytes that are not UTF-8 become U+FFFD.
std::string op_to_jsonl(const Op& op);

// Reads an op from a JSON object. Errors point at `where` and name the field,
// e.g. "field 'type' must be one of invoke, ok, fail, info, found \"done\"".
// Unknown fields are ignored. index stays -1 when absent; source_line is
// where.line.
Parsed<Op> op_from_json(const Json& json, const SourceLocation& where);

// The same, moving the value and error out of `json` instead of copying them.
Parsed<Op> op_from_json(Json&& json, const SourceLocation& where,
                        OpDialect dialect = OpDialect::kFaultline);

// Builds an op from its fields one at a time, for readers that parse without
// building a JSON object first (op_from_json uses it too). One per op.
class OpBuilder {
 public:
  explicit OpBuilder(OpDialect dialect = OpDialect::kFaultline) : dialect_(dialect) {}

  // Takes one field's value; unknown fields are ignored, a repeated field
  // replaces the earlier value. False when the value is unusable: finish()
  // then reports why.
  bool set(std::string_view field, Json&& value);
  // set(field, Json(std::string(text))), without making a JSON value for the
  // fields that keep their text (f, key, node) or read it (type, process).
  bool set_text(std::string_view field, std::string_view text);

  // The op, or the first problem seen (or a missing field), located at `where`.
  Parsed<Op> finish(const SourceLocation& where);

 private:
  OpDialect dialect_;
  Op op_;
  unsigned seen_ = 0;  // bit i: field i of the field table was set
  std::optional<std::string> problem_;
};

}  // namespace faultline
