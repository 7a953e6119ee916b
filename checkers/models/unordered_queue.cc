// unordered-queue: enqueue, and dequeue of any queued element.
#include "checkers/models/unordered_queue.h"

#include <algorithm>

#include "checkers/models/queue_ops.h"

namespace faultline {
namespace {

class UnorderedQueueMachine : public Machine {
 public:
  UnorderedQueueMachine(std::vector<QueueOp> ops, ValueIds ids, State init, bool assumed)
      : ops_(std::move(ops)), ids_(std::move(ids)), init_(std::move(init)), assumed_(assumed) {}

  State initial() const override { return init_; }

  bool step(const State& s, size_t i, State& out) const override {
    const QueueOp& op = ops_[i];
    switch (op.kind) {
      case QueueKind::kDequeueUnknown:
        out = s;
        return true;
      case QueueKind::kDequeueEmpty:
        out = s;
        return s.empty();
      case QueueKind::kEnqueue:
        out = s;
        out.insert(std::upper_bound(out.begin(), out.end(), op.element), op.element);
        return true;
      case QueueKind::kDequeue: {
        auto it = std::lower_bound(s.begin(), s.end(), op.element);
        if (it == s.end() || *it != op.element) return false;
        out.assign(s.begin(), it);
        out.insert(out.end(), it + 1, s.end());
        return true;
      }
    }
    return false;
  }

  bool is_identity(size_t i) const override { return ops_[i].kind == QueueKind::kDequeueUnknown; }
  bool can_leave_out(size_t i) const override { return is_identity(i) || ops_[i].leavable; }

  Json describe(const State& s) const override {
    Json queue = Json::array();
    for (int64_t e : s) queue.push_back(ids_.value(e));
    if (!assumed_) return queue;
    return {{"queue", queue},
            {"note",
             "indeterminate dequeues modelled as removing nothing; empty dequeues not checked"}};
  }

 private:
  std::vector<QueueOp> ops_;
  ValueIds ids_;
  State init_;
  bool assumed_;  // some indeterminate dequeue was taken to change nothing
};

}  // namespace

CompileResult compile_unordered_queue(const std::vector<CheckOp>& ops,
                                      const ModelOptions& options) {
  CompiledQueue q = compile_queue_ops(ops, options, "unordered-queue", /*unobserved_nil=*/false);
  if (!q.error.empty()) return {nullptr, q.error, q.at};
  std::sort(q.init.begin(), q.init.end());
  bool assumed = false;
  for (QueueOp& op : q.ops) assumed = assumed || op.kind == QueueKind::kDequeueUnknown;
  if (assumed) {
    // An indeterminate dequeue may have removed any one element, which a
    // deterministic machine cannot choose; the only observation such a removal
    // can explain is a later "empty" dequeue, so those are not checked.
    for (QueueOp& op : q.ops) {
      if (op.kind == QueueKind::kDequeueEmpty) op.kind = QueueKind::kDequeueUnknown;
    }
  }
  // An indeterminate enqueue of an element no ok dequeue returns would stay queued for good
  // (an indeterminate dequeue changes nothing here) and can only make an empty dequeue
  // impossible, so the search may take it as never having happened.
  mark_leavable_enqueues(q.ops, ops, /*unless_unknown_ok=*/false);
  return {std::make_unique<UnorderedQueueMachine>(std::move(q.ops), std::move(q.ids),
                                                  std::move(q.init), assumed),
          "", nullptr};
}

}  // namespace faultline
