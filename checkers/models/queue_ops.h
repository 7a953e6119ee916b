// What the queue models (fifo-queue, unordered-queue) share: their ops
// compiled to a small encoding, the initial elements, and which indeterminate
// enqueues the search may leave out.
#pragma once

#include <string>
#include <vector>

#include "checkers/model.h"
#include "checkers/value_ids.h"

namespace faultline {

enum class QueueKind : uint8_t {
  kEnqueue,
  kDequeue,         // an ok dequeue of a known element
  kDequeueEmpty,    // an ok dequeue that found the queue empty
  kDequeueUnknown,  // a dequeue whose element is not known (indeterminate, or unobserved nil)
};

struct QueueOp {
  QueueKind kind;
  int64_t element = 0;
  bool leavable = false;  // an indeterminate enqueue the search may leave out
};

struct CompiledQueue {
  std::vector<QueueOp> ops;  // one per CheckOp, same order
  ValueIds ids;
  State init;              // the initial elements' ids, in options.init's order
  std::string error;       // non-empty: the history does not fit the model
  const Op* at = nullptr;  // the op the error is about
};

// Compiles enqueue/dequeue ops for the model named `model`. A dequeue is
// kDequeueUnknown when it is indeterminate, or when it is an ok dequeue of
// null and `unobserved_nil` (nil reads mean "not observed") is set.
CompiledQueue compile_queue_ops(const std::vector<CheckOp>& ops, const ModelOptions& options,
                                const std::string& model, bool unobserved_nil);

// Marks indeterminate enqueues of elements no ok dequeue returns as leavable.
// When `unless_unknown_ok` and some ok dequeue is kDequeueUnknown (it must
// have removed some element, maybe that one), marks nothing.
void mark_leavable_enqueues(std::vector<QueueOp>& compiled, const std::vector<CheckOp>& ops,
                            bool unless_unknown_ok);

}  // namespace faultline
