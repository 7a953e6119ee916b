// fifo-queue: enqueue at the back, dequeue from the front.
#include "checkers/models/fifo_queue.h"

#include <unordered_set>

#include "checkers/value_ids.h"

namespace faultline {
namespace {

enum class Kind : uint8_t { kEnqueue, kDequeue, kDequeueEmpty, kDequeueAny };

struct QueueOp {
  Kind kind;
  int64_t element = 0;
  bool leavable = false;  // an indeterminate enqueue the search may leave out
};

class FifoQueueMachine : public Machine {
 public:
  FifoQueueMachine(std::vector<QueueOp> ops, ValueIds ids, State init)
      : ops_(std::move(ops)), ids_(std::move(ids)), init_(std::move(init)) {}

  State initial() const override { return init_; }

  bool step(const State& s, size_t i, State& out) const override {
    const QueueOp& op = ops_[i];
    switch (op.kind) {
      case Kind::kEnqueue:
        out = s;
        out.push_back(op.element);
        return true;
      case Kind::kDequeueEmpty: out = s; return s.empty();
      case Kind::kDequeue:
        if (s.empty() || s.front() != op.element) return false;
        out.assign(s.begin() + 1, s.end());
        return true;
      case Kind::kDequeueAny:
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

// An indeterminate enqueue of an element no ok dequeue returns can only get in the way: if it
// took effect, the element was never dequeued, or only by indeterminate dequeues, which may
// then be taken as never having happened. Not so when an ok dequeue of an unobserved value
// (kUnobserved) must remove some element: then nothing is marked.
void mark_leavable(std::vector<QueueOp>& compiled, const std::vector<CheckOp>& ops) {
  std::unordered_set<int64_t> returned;
  for (size_t i = 0; i < compiled.size(); ++i) {
    if (ops[i].ok && compiled[i].kind == Kind::kDequeueAny) return;
    if (compiled[i].kind == Kind::kDequeue) returned.insert(compiled[i].element);
  }
  for (size_t i = 0; i < compiled.size(); ++i) {
    compiled[i].leavable = !ops[i].ok && compiled[i].kind == Kind::kEnqueue &&
                           !returned.count(compiled[i].element);
  }
}

}  // namespace

CompileResult compile_fifo_queue(const std::vector<CheckOp>& ops, const ModelOptions& options) {
  ValueIds ids;
  if (!options.init.is_null() && !options.init.is_array()) {
    return {nullptr,
            "fifo-queue init must be an array of elements or null, got " + options.init.dump(),
            nullptr};
  }
  State init;
  for (const Json& e : options.init) init.push_back(ids.id(e));
  std::vector<QueueOp> compiled;
  compiled.reserve(ops.size());
  for (const CheckOp& op : ops) {
    const Json& v = op.value();
    if (op.f() == "enqueue") {
      const Json& x = op.written();
      if (x.is_null()) return {nullptr, "enqueue needs an element, got null", op.invoke};
      compiled.push_back({Kind::kEnqueue, ids.id(x)});
    } else if (op.f() == "dequeue") {
      if (!op.ok || (v.is_null() && options.nil_read == NilRead::kUnobserved)) {
        compiled.push_back({Kind::kDequeueAny});
      } else {
        compiled.push_back({v.is_null() ? Kind::kDequeueEmpty : Kind::kDequeue, ids.id(v)});
      }
    } else {
      return {nullptr,
              "the fifo-queue model has no operation '" + op.f() +
                  "' (expected enqueue or dequeue)",
              op.invoke};
    }
  }
  mark_leavable(compiled, ops);
  return {std::make_unique<FifoQueueMachine>(std::move(compiled), std::move(ids),
                                             std::move(init)),
          "", nullptr};
}

}  // namespace faultline
