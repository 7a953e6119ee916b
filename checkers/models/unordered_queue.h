// unordered-queue: a queue whose dequeues may return any element it holds (a multiset).
//
// Ops: f "enqueue" with the element to add (null is an error); f "dequeue" with the
// element it returned.
//
// - enqueue uses the invocation's value (the completion's if the invocation has none).
// - An ok dequeue of x removes one x and cannot take effect when no x is queued.
// - An ok dequeue of null means the queue was empty, under both NilRead modes: the model
//   does not read null as "some element, unobserved".
// - An indeterminate dequeue may have removed any one element, a choice a deterministic
//   machine cannot make. It is modelled as removing nothing, and, to stay sound, when a
//   history has any indeterminate dequeue its ok dequeues of null ("empty") are not checked:
//   emptiness is the only observation such a removal could explain. describe() says so.
// - An indeterminate enqueue may take effect (one of an element no ok dequeue returns is left
//   out of the search: it could only make an empty dequeue impossible).
// - options.init: an array of initially queued elements, or null (empty).
//
// State: the elements' value ids, sorted, with repeats.
#pragma once

#include "checkers/model.h"

namespace faultline {

CompileResult compile_unordered_queue(const std::vector<CheckOp>& ops,
                                      const ModelOptions& options);

}  // namespace faultline
