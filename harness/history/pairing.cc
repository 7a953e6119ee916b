#include "harness/history/pairing.h"

#include <algorithm>
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

// Each process's pending invocation: a slot per process in a vector for the
// usual small process numbers, a map for the rest (this runs for every op of
// a history, several times: the checker, availability and the report pair).
class PendingByProcess {
 public:
  static constexpr size_t kNone = static_cast<size_t>(-1);

  size_t get(int64_t process) const {
    if (in_slots(process)) {
      const auto p = static_cast<size_t>(process);
      return p < slots_.size() ? slots_[p] : kNone;
    }
    auto it = others_.find(process);
    return it == others_.end() ? kNone : it->second;
  }
  void set(int64_t process, size_t pair) {
    if (!in_slots(process)) {
      if (pair == kNone)
        others_.erase(process);
      else
        others_[process] = pair;
      return;
    }
    const auto p = static_cast<size_t>(process);
    if (p >= slots_.size()) slots_.resize(std::max(p + 1, slots_.size() * 2), kNone);
    slots_[p] = pair;
  }

 private:
  static bool in_slots(int64_t process) { return process >= 0 && process < (int64_t{1} << 22); }
  std::vector<size_t> slots_;
  std::unordered_map<int64_t, size_t> others_;
};

template <class Rows>
std::vector<PairedOp> pair_rows(const Rows& rows, const std::string& source,
                                std::vector<HistoryNote>* notes) {
  std::vector<PairedOp> paired;
  paired.reserve(rows.size() / 2 + 1);  // an invocation and a completion per op
  PendingByProcess pending;             // process -> index into `paired`
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
    const size_t open = pending.get(process);
    if (rows.type(i) == OpType::kInvoke) {
      if (open != PendingByProcess::kNone) {
        note(i, describe(i) + " invoked while its op from line " +
                    std::to_string(rows.line(paired[open].invoke)) +
                    " was pending; assumed that earlier op indeterminate (info)");
      }
      pending.set(process, paired.size());
      paired.push_back({row, row, OpType::kInfo});
      continue;
    }
    if (open == PendingByProcess::kNone) {
      note(i, describe(i) + " completes nothing (no pending invocation); ignored");
      continue;
    }
    PairedOp& p = paired[open];
    if (!rows.same_f(p.invoke, i)) {
      note(i, describe(i) + " completes an invocation of " + rows.f(p.invoke) +
                  "; taken as its completion");
    }
    p.complete = row;
    p.outcome = rows.type(i);
    pending.set(process, PendingByProcess::kNone);
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
