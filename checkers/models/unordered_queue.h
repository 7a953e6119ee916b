// unordered-queue: a queue whose dequeues may return any element it holds (a multiset).
//
// Ops: f "enqueue" with the element to add (null is an error); f "dequeue" with the
// element it returned.
//
// - enqueue uses the invocation's value (the completion's if the invocation has none).
// - An ok dequeue of x removes one x and cannot take effect when no x is queued.
// - An ok dequeue of null means the queue was empty, under both NilRead modes: the model
//   does not read null as "some element, unobserved".
// - Assumption: an indeterminate dequeue constrains nothing and changes nothing. It may in
//   truth have removed some element, which the search cannot express (machines are
//   deterministic); a history where a later dequeue saw the queue empty only because of
//   such a removal is reported invalid. describe() repeats this note when a history has
//   indeterminate dequeues.
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

class UnorderedQueueModel : public Model {
 public:
  std::string_view name() const override { return "unordered-queue"; }
  CompileResult compile(const std::vector<CheckOp>& ops,
                        const ModelOptions& options) const override {
    return compile_unordered_queue(ops, options);
  }
};

}  // namespace faultline
