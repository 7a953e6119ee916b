#include "harness/history/pairing.h"

#include <unordered_map>

namespace faultline {
namespace {

// A History's ops and an OpTable's rows seen the same way, so one pairing
// serves both.
struct HistoryRows {
  const History& history;
  size_t size() const { return history.ops.size(); }
  int64_t process(size_t i) const { return history.ops[i].process; }
  OpType type(size_t i) const { return history.ops[i].type; }
  const std::string& f(size_t i) const { return history.ops[i].f; }
  bool same_f(size_t a, size_t b) const { return history.ops[a].f == history.ops[b].f; }
  int64_t line(size_t i) const { return history.ops[i].source_line; }
};

struct TableRows {
  const OpTable& table;
  size_t size() const { return table.size(); }
  int64_t process(size_t i) const { return table.process(i); }
  OpType type(size_t i) const { return table.type(i); }
  const std::string& f(size_t i) const { return table.f(i); }
  bool same_f(size_t a, size_t b) const { return table.f_id(a) == table.f_id(b); }
  int64_t line(size_t i) const { return table.source_line(i); }
};

template <class Rows>
std::vector<PairedOp> pair_rows(const Rows& rows, const std::string& source,
                                std::vector<HistoryNote>* notes) {
  std::vector<PairedOp> paired;
  paired.reserve(rows.size() / 2 + 1);          // an invocation and a completion per op
  std::unordered_map<int64_t, size_t> pending;  // process -> index into `paired`
  auto describe = [&](size_t i) {
    return "process " + std::to_string(rows.process(i)) + " " +
           std::string(to_string(rows.type(i))) + " " + rows.f(i);
  };
  auto note = [&](size_t i, std::string message) {
    if (notes) notes->push_back({SourceLocation{source, rows.line(i), 0}, std::move(message)});
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    const int64_t process = rows.process(i);
    if (process == kNemesisProcess) continue;
    const auto row = static_cast<uint32_t>(i);
    if (rows.type(i) == OpType::kInvoke) {
      auto it = pending.find(process);
      if (it != pending.end()) {
        note(i, describe(i) + " invoked while its op from line " +
                    std::to_string(rows.line(paired[it->second].invoke)) +
                    " was pending; assumed that earlier op indeterminate (info)");
      }
      pending[process] = paired.size();
      paired.push_back({row, row, OpType::kInfo});
      continue;
    }
    auto it = pending.find(process);
    if (it == pending.end()) {
      note(i, describe(i) + " completes nothing (no pending invocation); ignored");
      continue;
    }
    PairedOp& p = paired[it->second];
    if (!rows.same_f(p.invoke, i)) {
      note(i, describe(i) + " completes an invocation of " + rows.f(p.invoke) +
                  "; taken as its completion");
    }
    p.complete = row;
    p.outcome = rows.type(i);
    pending.erase(it);
  }
  return paired;
}

}  // namespace

std::vector<PairedOp> pair_ops(const History& history, std::vector<HistoryNote>* notes) {
  return pair_rows(HistoryRows{history}, history.source, notes);
}

std::vector<PairedOp> pair_ops(const OpTable& table, std::vector<HistoryNote>* notes) {
  return pair_rows(TableRows{table}, table.source, notes);
}

}  // namespace faultline
