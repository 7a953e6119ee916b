// fifo-queue: enqueue at the back, dequeue from the front.
#include "checkers/models/fifo_queue.h"

#include "checkers/models/queue_ops.h"

namespace faultline {
namespace {

class FifoQueueMachine : public Machine {
 public:
  FifoQueueMachine(std::vector<QueueOp> ops, ValueIds ids, State init)
      : ops_(std::move(ops)), ids_(std::move(ids)), init_(std::move(init)) {}

  State initial() const override { return init_; }

  bool step(const State& s, size_t i, State& out) const override {
    const QueueOp& op = ops_[i];
    switch (op.kind) {
      case QueueKind::kEnqueue:
        out = s;
        out.push_back(op.element);
        return true;
      case QueueKind::kDequeueEmpty:
        out = s;
        return s.empty();
      case QueueKind::kDequeue:
        if (s.empty() || s.front() != op.element) return false;
        out.assign(s.begin() + 1, s.end());
        return true;
      case QueueKind::kDequeueUnknown:  // removes the front element, whatever it is
        if (s.empty()) {
          out = s;
        } else {
          out.assign(s.begin() + 1, s.end());
        }
        return true;
    }
    return false;
  }

  bool can_leave_out(size_t i) const override { return ops_[i].leavable; }

  Json describe(const State& s) const override {
    Json queue = Json::array();
    for (int64_t e : s) queue.push_back(ids_.value(e));
    return queue;
  }

 private:
  std::vector<QueueOp> ops_;
  ValueIds ids_;
  State init_;
};

}  // namespace

CompileResult compile_fifo_queue(const std::vector<CheckOp>& ops, const ModelOptions& options) {
  CompiledQueue q =
      compile_queue_ops(ops, options, "fifo-queue", options.nil_read == NilRead::kUnobserved);
  if (!q.error.empty()) return {nullptr, q.error, q.at};
  // An indeterminate enqueue of an element no ok dequeue returns can only get in the way:
  // if it took effect, the element was never dequeued, or only by indeterminate dequeues,
  // which may then be taken as never having happened. Not so when an ok dequeue of an
  // unobserved value must remove some element.
  mark_leavable_enqueues(q.ops, ops, /*unless_unknown_ok=*/true);
  return {std::make_unique<FifoQueueMachine>(std::move(q.ops), std::move(q.ids), std::move(q.init)),
          "", nullptr};
}

}  // namespace faultline
