// fifo-queue: a first-in, first-out queue.
//
// Ops: f "enqueue" with the element to add at the back (null is an error); f "dequeue"
// with the element it returned, which must be the one at the front.
//
// - enqueue uses the invocation's value (the completion's if the invocation has none).
// - An ok dequeue of x removes the front element and cannot take effect unless it is x.
// - An ok dequeue of null: under NilRead::kAbsent the queue was empty; under kUnobserved
//   the value is unknown, so it removes the front element if there is one.
// - An indeterminate dequeue removes the front element if there is one (a dequeue's effect
//   does not depend on what it returned, so this is exact; the search also tries the op
//   never taking effect). An indeterminate enqueue may take effect; one of an element no ok
//   dequeue returns is left out of the search (unless some ok dequeue has an unobserved
//   value): if it took effect, only indeterminate dequeues removed it, and those may as well
//   not have happened.
// - options.init: an array of initially queued elements, front first, or null (empty).
//
// State: the elements' value ids, front first.
#pragma once

#include "checkers/model.h"

namespace faultline {

CompileResult compile_fifo_queue(const std::vector<CheckOp>& ops, const ModelOptions& options);

}  // namespace faultline
