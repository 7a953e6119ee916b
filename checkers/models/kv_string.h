// kv-string: the value of one key in a store whose APPEND concatenates strings
// (Redis APPEND, etcd-style string values): get, put and append on strings.
//
// Ops (on the key in Op::key; the checker splits a history by key (key_parts.h)): f "get" (alias
// "read") with the string read; f "put" (alias "write") with the string written;
// f "append" with the string to add to the end.
//
// - A missing key reads as "": the value starts "" (or options.init, a string), and a get
//   of nil means "" (under NilRead::kUnobserved it constrains nothing instead).
// - put v sets the value to v; append x sets it to value + x ("a" then "b" reads "ab",
//   as does "ab" alone). put and append use the invocation's value (the completion's if
//   the invocation has none); values must be strings.
// - An indeterminate get constrains nothing; indeterminate puts and appends may take
//   effect with the invocation's value.
//
// State: which strings the search must tell apart is known before it starts: only the
// values ok gets read, and their prefixes (appends only lengthen a string). A value is
// [r, n]: the first n characters of known value r (a value read, put or initial: the
// smallest that starts with them, so each string has one state), or [-1, 0] for a
// string no get could read until the next put.
#pragma once

#include "checkers/model.h"

namespace faultline {

CompileResult compile_kv_string(const std::vector<CheckOp>& ops, const ModelOptions& options);

}  // namespace faultline
