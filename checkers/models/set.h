// set: a set of elements with add and read.
//
// Ops: f "add" with the element to add (adding an element already there changes nothing;
// adding null is an error); f "read" whose value is the whole set, an array.
//
// - add uses the invocation's value (the completion's if the invocation has none).
// - A read must equal the set exactly; order does not matter, and a read that lists an
//   element twice can never take effect.
// - An indeterminate read constrains nothing; an indeterminate add may take effect (one of an
//   element no ok read contains is left out of the search: it could only hurt).
// - An ok read of null is the empty set under NilRead::kAbsent and constrains nothing under
//   kUnobserved.
// - options.init: an array of initial elements (repeats count once), or null (empty).
//
// State: the elements' value ids, sorted, without repeats.
#pragma once

#include "checkers/model.h"

namespace faultline {

CompileResult compile_set(const std::vector<CheckOp>& ops, const ModelOptions& options);

}  // namespace faultline
