#include "harness/history/pairing.h"

#include <unordered_map>

namespace faultline {
namespace {

SourceLocation where_of(const History& history, const Op& op) {
  return SourceLocation{history.source, op.source_line, 0};
}

std::string describe(const Op& op) {
  return "process " + std::to_string(op.process) + " " + std::string(to_string(op.type)) + " " +
         op.f;
}

}  // namespace

std::vector<PairedOp> pair_ops(const History& history, std::vector<HistoryNote>* notes) {
  std::vector<PairedOp> paired;
  paired.reserve(history.ops.size() / 2 + 1);  // an invocation and a completion per op
  std::unordered_map<int64_t, size_t> pending;  // process -> index into `paired`
  auto note = [&](const Op& op, std::string message) {
    if (notes) notes->push_back({where_of(history, op), std::move(message)});
  };
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    if (op.process == kNemesisProcess) continue;
    if (op.type == OpType::kInvoke) {
      auto it = pending.find(op.process);
      if (it != pending.end()) {
        note(op, describe(op) + " invoked while its op from line " +
                     std::to_string(history.ops[paired[it->second].invoke].source_line) +
                     " was pending; assumed that earlier op indeterminate (info)");
      }
      pending[op.process] = paired.size();
      paired.push_back({i, i, OpType::kInfo});
      continue;
    }
    auto it = pending.find(op.process);
    if (it == pending.end()) {
      note(op, describe(op) + " completes nothing (no pending invocation); ignored");
      continue;
    }
    PairedOp& p = paired[it->second];
    if (history.ops[p.invoke].f != op.f) {
      note(op, describe(op) + " completes an invocation of " + history.ops[p.invoke].f +
                   "; taken as its completion");
    }
    p.complete = i;
    p.outcome = op.type;
    pending.erase(it);
  }
  return paired;
}

}  // namespace faultline
