// unordered-queue: enqueue, and dequeue of any queued element.
#include "checkers/models/unordered_queue.h"

#include <algorithm>
#include <unordered_set>

#include "checkers/value_ids.h"

namespace faultline {
namespace {

enum class Kind : uint8_t { kEnqueue, kDequeue, kDequeueEmpty, kUnknownDequeue };

struct QueueOp {
  Kind kind;
  int64_t element = 0;
  bool leavable = false;  // an indeterminate enqueue the search may leave out
};

class UnorderedQueueMachine : public Machine {
 public:
  UnorderedQueueMachine(std::vector<QueueOp> ops, ValueIds ids, State init, bool assumed)
      : ops_(std::move(ops)), ids_(std::move(ids)), init_(std::move(init)), assumed_(assumed) {}

  State initial() const override { return init_; }

  bool step(const State& s, size_t i, State& out) const override {
    const QueueOp& op = ops_[i];
    switch (op.kind) {
      case Kind::kUnknownDequeue: out = s; return true;
      case Kind::kDequeueEmpty: out = s; return s.empty();
      case Kind::kEnqueue:
        out = s;
        out.insert(std::upper_bound(out.begin(), out.end(), op.element), op.element);
        return true;
      case Kind::kDequeue: {
        auto it = std::lower_bound(s.begin(), s.end(), op.element);
        if (it == s.end() || *it != op.element) return false;
        out.assign(s.begin(), it);
        out.insert(out.end(), it + 1, s.end());
        return true;
      }
    }
    return false;
  }

  bool is_identity(size_t i) const override { return ops_[i].kind == Kind::kUnknownDequeue; }
  bool can_leave_out(size_t i) const override { return is_identity(i) || ops_[i].leavable; }

  Json describe(const State& s) const override {
    Json queue = Json::array();
    for (int64_t e : s) queue.push_back(ids_.value(e));
    if (!assumed_) return queue;
    return {{"queue", queue},
            {"note", "indeterminate dequeues modelled as removing nothing; empty dequeues not checked"}};
  }

 private:
  std::vector<QueueOp> ops_;
  ValueIds ids_;
  State init_;
  bool assumed_;  // some indeterminate dequeue was taken to change nothing
};

// An indeterminate enqueue of an element no ok dequeue returns would stay queued for good (an
// indeterminate dequeue changes nothing here) and can only make an empty dequeue impossible,
// so the search may take it as never having happened.
void mark_leavable(std::vector<QueueOp>& compiled, const std::vector<CheckOp>& ops) {
  std::unordered_set<int64_t> returned;
  for (const QueueOp& op : compiled) {
    if (op.kind == Kind::kDequeue) returned.insert(op.element);
  }
  for (size_t i = 0; i < compiled.size(); ++i) {
    compiled[i].leavable = !ops[i].ok && compiled[i].kind == Kind::kEnqueue &&
                           !returned.count(compiled[i].element);
  }
}

}  // namespace

CompileResult compile_unordered_queue(const std::vector<CheckOp>& ops,
                                      const ModelOptions& options) {
  ValueIds ids;
  if (!options.init.is_null() && !options.init.is_array()) {
    return {nullptr, "unordered-queue init must be an array of elements or null, got " +
                         options.init.dump(),
            nullptr};
  }
  State init;
  for (const Json& e : options.init) init.push_back(ids.id(e));
  std::sort(init.begin(), init.end());
  std::vector<QueueOp> compiled;
  compiled.reserve(ops.size());
  bool assumed = false;
  for (const CheckOp& op : ops) {
    const Json& v = op.value();
    if (op.f() == "enqueue") {
      const Json& x = op.written();
      if (x.is_null()) return {nullptr, "enqueue needs an element, got null", op.invoke};
      compiled.push_back({Kind::kEnqueue, ids.id(x)});
    } else if (op.f() == "dequeue") {
      if (!op.ok) {
        assumed = true;
        compiled.push_back({Kind::kUnknownDequeue});
      } else {
        compiled.push_back({v.is_null() ? Kind::kDequeueEmpty : Kind::kDequeue, ids.id(v)});
      }
    } else {
      return {nullptr,
              "the unordered-queue model has no operation '" + op.f() +
                  "' (expected enqueue or dequeue)",
              op.invoke};
    }
  }
  if (assumed) {
    // An indeterminate dequeue may have removed any one element, which a
    // deterministic machine cannot choose; the only observation such a removal
    // can explain is a later "empty" dequeue, so those are not checked.
    for (QueueOp& q : compiled) {
      if (q.kind == Kind::kDequeueEmpty) q.kind = Kind::kUnknownDequeue;
    }
  }
  mark_leavable(compiled, ops);
  return {std::make_unique<UnorderedQueueMachine>(std::move(compiled), std::move(ids),
                                                  std::move(init), assumed),
          "", nullptr};
}

}  // namespace faultline
