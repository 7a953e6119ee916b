#include "checkers/elle/txn_table.h"

#include <algorithm>
#include <string_view>

namespace faultline::elle {
namespace {

std::string describe(const Op& op) {
  return "process " + std::to_string(op.process) + " " + std::string(to_string(op.type)) + " " +
         op.f;
}

}  // namespace

std::string TxnTable::value_text(ValueCode code) const {
  if (code == kUnread || code == kNilValue) return "nil";
  if (code & kInternedValueBit) return other_values[code & ~kInternedValueBit];
  return std::to_string(code);
}

std::string TxnTable::read_text(uint32_t mop) const {
  // A long list shows its ends: its first values and its last (the one a
  // read's edges are about).
  constexpr size_t kEnds = 6;
  if (!read_seen(mop)) return "nil";
  const size_t length = read_length(mop);
  std::string text = "[";
  for (size_t i = 0; i < length; ++i) {
    if (length > 3 * kEnds && i == kEnds) {
      text += " ...";
      i = length - kEnds;
    }
    text += (i ? " " : "") + value_text(read_data(mop)[i]);
  }
  return text + "]";
}

std::string TxnTable::micro_op_text(uint32_t mop) const {
  const bool list_read = kind[mop] == MicroOpKind::kRead && workload == TxnWorkload::kListAppend;
  return "[" + std::string(to_string(kind[mop])) + " " + key_names[key[mop]] + " " +
         (list_read ? read_text(mop) : value_text(value[mop])) + "]";
}

std::string txn_name(const TxnTable& table, TxnId t) {
  return "T" + std::to_string(table.index[t]);
}

TxnTableBuilder::TxnTableBuilder(TxnWorkload workload, std::string source)
    : source_(std::move(source)) {
  table_.workload = workload;
}

void TxnTableBuilder::note(const Op& op, std::string message) {
  notes_.push_back({{source_, op.source_line, 0}, std::move(message)});
}

// Reads a txn's micro-ops into the table's micro-op rows; `results`: its
// reads' values are known (an ok completion).
std::optional<std::string> TxnTableBuilder::read_into_table(const Json& value, bool results) {
  if (auto why = read_micro_ops(value, &views_)) return why;
  const auto txn = static_cast<TxnId>(table_.outcome.size());
  for (size_t i = 0; i < views_.size(); ++i) {
    const MicroOpView& mop = views_[i];
    ValueCode code = kUnread;
    if (mop.kind != MicroOpKind::kRead) {
      code = interner_.value(*mop.value, &table_.other_values);
    } else if (results && table_.workload == TxnWorkload::kRwRegister) {
      code = mop.value->is_null() ? kNilValue : interner_.value(*mop.value, &table_.other_values);
    } else if (results) {
      if (!mop.value->is_null() && !mop.value->is_array()) {
        return "micro-op " + std::to_string(i + 1) + ": a list-append read returns a list (or nil)";
      }
      code = 0;  // nil: nothing there yet, the empty list
      if (mop.value->is_array()) {
        for (const Json& element : *mop.value)
          table_.read_values.push_back(interner_.value(element, &table_.other_values));
      }
    }
    table_.txn.push_back(txn);
    table_.kind.push_back(mop.kind);
    table_.key.push_back(interner_.key(*mop.key, &table_.key_names));
    table_.value.push_back(code);
    table_.read_begin.push_back(static_cast<uint32_t>(table_.read_values.size()));
  }
  return std::nullopt;
}

void TxnTableBuilder::add_row(const Open& open, int64_t process, OpType outcome, uint32_t position,
                              int64_t line) {
  table_.mop_begin.push_back(static_cast<uint32_t>(table_.kind.size()));
  table_.outcome.push_back(outcome);
  table_.process.push_back(process);
  table_.index.push_back(open.index);
  table_.invoke_op.push_back(open.position);
  table_.complete_op.push_back(position);
  table_.invoke_line.push_back(open.line);
  table_.complete_line.push_back(line);
}

// A txn whose micro-ops are its invocation's (it failed, or its outcome is unknown).
void TxnTableBuilder::add_staged_txn(const Open& open, int64_t process, OpType outcome,
                                     uint32_t position, int64_t line) {
  for (const Staged& s : open.staged) {
    table_.txn.push_back(static_cast<TxnId>(table_.outcome.size()));
    table_.kind.push_back(s.kind);
    table_.key.push_back(s.key);
    table_.value.push_back(s.value);
    table_.read_begin.push_back(static_cast<uint32_t>(table_.read_values.size()));
  }
  add_row(open, process, outcome, position, line);
}

std::optional<SourceError> TxnTableBuilder::add(const Op& op) {
  const uint32_t position = position_++;
  if (op.process == kNemesisProcess) return std::nullopt;
  auto error = [&](std::string why) {
    return SourceError{{source_, op.source_line, 0}, std::move(why)};
  };
  auto found = open_.find(op.process);
  if (op.type == OpType::kInvoke) {
    Open& open = open_[op.process];
    if (found != open_.end() && open.f != "") {
      note(op, describe(op) + " invoked while its op from line " + std::to_string(open.line) +
                   " was pending; assumed that earlier op indeterminate (info)");
      if (open.txn) add_staged_txn(open, op.process, OpType::kInfo, open.position, open.line);
    }
    open.txn = op.f == kTxnFunction;
    open.f = op.f;
    open.index = op.index;
    open.position = position;
    open.line = op.source_line;
    open.staged.clear();
    if (!open.txn) {
      ++other_ops_;
      return std::nullopt;
    }
    if (auto why = read_micro_ops(op.value, &views_)) return error(*why);
    for (const MicroOpView& mop : views_) {
      open.staged.push_back({mop.kind, interner_.key(*mop.key, &table_.key_names),
                             mop.kind == MicroOpKind::kRead
                                 ? kUnread
                                 : interner_.value(*mop.value, &table_.other_values)});
    }
    return std::nullopt;
  }
  if (found == open_.end() || found->second.f.empty()) {
    note(op, describe(op) + " completes nothing (no pending invocation); ignored");
    return std::nullopt;
  }
  Open& open = found->second;
  if (open.f != op.f) {
    note(op, describe(op) + " completes an invocation of " + open.f + "; taken as its completion");
  }
  if (open.txn) {
    // An ok txn's reads are in its completion; Jepsen clients echo the writes.
    const bool results = op.type == OpType::kOk && !op.value.is_null();
    if (!results) {
      add_staged_txn(open, op.process, op.type, position, op.source_line);
    } else if (auto why = read_into_table(op.value, true)) {
      return error(*why);
    } else {
      add_row(open, op.process, op.type, position, op.source_line);
    }
  }
  open.f.clear();
  return std::nullopt;
}

TxnTable TxnTableBuilder::finish(std::vector<HistoryNote>* notes) {
  // Txns that never completed: info.
  std::vector<std::pair<int64_t, const Open*>> never_completed;
  for (const auto& [process, open] : open_)
    if (open.txn && !open.f.empty()) never_completed.emplace_back(process, &open);
  std::sort(never_completed.begin(), never_completed.end(),
            [](const auto& a, const auto& b) { return a.second->position < b.second->position; });
  for (const auto& [process, open] : never_completed) {
    add_staged_txn(*open, process, OpType::kInfo, open->position, open->line);
  }
  open_.clear();
  notes->insert(notes->end(), notes_.begin(), notes_.end());
  if (other_ops_ > 0) {
    notes->push_back({{source_, 0, 0},
                      std::to_string(other_ops_) +
                          " client ops whose f is not \"txn\" were left out of "
                          "the check"});
  }
  return std::move(table_);
}

Parsed<TxnTable> build_txn_table(const History& history, TxnWorkload workload,
                                 std::vector<HistoryNote>* notes) {
  TxnTableBuilder builder(workload, history.source);
  for (const Op& op : history.ops)
    if (auto error = builder.add(op)) return *error;
  return builder.finish(notes);
}

}  // namespace faultline::elle
