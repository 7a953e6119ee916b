#include "checkers/models/queue_ops.h"

#include <unordered_set>

namespace faultline {

CompiledQueue compile_queue_ops(const std::vector<CheckOp>& ops, const ModelOptions& options,
                                const std::string& model, bool unobserved_nil) {
  CompiledQueue q;
  if (!options.init.is_null() && !options.init.is_array()) {
    q.error = model + " init must be an array of elements or null, got " + options.init.dump();
    return q;
  }
  for (const Json& e : options.init) q.init.push_back(q.ids.id(e));
  q.ops.reserve(ops.size());
  for (const CheckOp& op : ops) {
    const Json& v = op.value();
    if (op.f() == "enqueue") {
      const Json& x = op.written();
      if (x.is_null()) {
        q.error = "enqueue needs an element, got null";
        q.at = op.invoke;
        return q;
      }
      q.ops.push_back({QueueKind::kEnqueue, q.ids.id(x)});
    } else if (op.f() == "dequeue") {
      if (!op.ok || (v.is_null() && unobserved_nil)) {
        q.ops.push_back({QueueKind::kDequeueUnknown});
      } else {
        q.ops.push_back(
            {v.is_null() ? QueueKind::kDequeueEmpty : QueueKind::kDequeue, q.ids.id(v)});
      }
    } else {
      q.error =
          "the " + model + " model has no operation '" + op.f() + "' (expected enqueue or dequeue)";
      q.at = op.invoke;
      return q;
    }
  }
  return q;
}

void mark_leavable_enqueues(std::vector<QueueOp>& compiled, const std::vector<CheckOp>& ops,
                            bool unless_unknown_ok) {
  std::unordered_set<int64_t> returned;
  for (size_t i = 0; i < compiled.size(); ++i) {
    if (unless_unknown_ok && ops[i].ok && compiled[i].kind == QueueKind::kDequeueUnknown) return;
    if (compiled[i].kind == QueueKind::kDequeue) returned.insert(compiled[i].element);
  }
  for (size_t i = 0; i < compiled.size(); ++i) {
    compiled[i].leavable = !ops[i].ok && compiled[i].kind == QueueKind::kEnqueue &&
                           !returned.count(compiled[i].element);
  }
}

}  // namespace faultline
