// kv: the value of one key in a key-value store, with get, put and append.
//
// Ops (on the key in Op::key; the checker splits a history by key (key_parts.h), so a Machine sees
// one key): f "get" (alias "read") with the value read; f "put" (alias "write") with the
// value written; f "append" with one element to append.
//
// - put and append use the invocation's value (the completion's if the invocation has none).
// - The value starts nil, or options.init (an array starts it as a list).
// - put v sets the value to v; an array v makes it a list of v's elements.
// - append x makes a nil value the list [x], a scalar s the list [s, x], and adds x to the
//   end of a list. Appending null is an error.
// - get v must equal the value; lists compare element by element, and a scalar s is not
//   the list [s]. A get of nil under NilRead::kUnobserved constrains nothing; an
//   indeterminate get constrains nothing; indeterminate puts and appends may take effect
//   with the invocation's value.
//
// State: [0, id] for a scalar (nil is [0, 0]), [1, id...] for a list of elements.
#pragma once

#include "checkers/model.h"

namespace faultline {

CompileResult compile_kv(const std::vector<CheckOp>& ops, const ModelOptions& options);

}  // namespace faultline
