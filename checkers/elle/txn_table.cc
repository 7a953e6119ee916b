#include "checkers/elle/txn_table.h"

#include <string_view>
#include <unordered_map>

#include "harness/history/pairing.h"

namespace faultline::elle {
namespace {

constexpr ValueCode kOtherBit = ValueCode{1} << 63;
constexpr int64_t kLargestPlainValue = (int64_t{1} << 62) - 1;

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// Keys and values to integers, for one table.
class Interner {
 public:
  explicit Interner(TxnTable* table) : table_(table) {}

  KeyId key(const Json& key) {
    if (key.is_string()) return intern(key.get_ref<const std::string&>(), keys_, table_->key_names);
    return intern(key.dump(), keys_, table_->key_names);
  }

  ValueCode value(const Json& value) {
    if (value.is_number_unsigned() && value.get<uint64_t>() <= uint64_t(kLargestPlainValue))
      return value.get<uint64_t>();
    if (value.is_number_integer() && value.get<int64_t>() >= 0 &&
        value.get<int64_t>() <= kLargestPlainValue)
      return static_cast<ValueCode>(value.get<int64_t>());
    const std::string text = value.is_string()
                                 ? "\"" + value.get_ref<const std::string&>() + "\""
                                 : value.dump(-1, ' ', false, Json::error_handler_t::replace);
    return kOtherBit | intern(text, values_, table_->other_values);
  }

 private:
  using Table = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;

  static uint32_t intern(std::string_view text, Table& table, std::vector<std::string>& names) {
    auto found = table.find(text);
    if (found != table.end()) return found->second;
    const auto id = static_cast<uint32_t>(names.size());
    names.emplace_back(text);
    table.emplace(std::string(text), id);
    return id;
  }

  TxnTable* table_;
  Table keys_, values_;
};

// Adds one micro-op's row; a reason when its read has the wrong shape.
std::optional<std::string> add_micro_op(const MicroOpView& mop, bool result_known,
                                        TxnWorkload workload, Interner& interner, TxnTable* table) {
  table->txn.push_back(static_cast<TxnId>(table->outcome.size()));
  table->kind.push_back(mop.kind);
  table->key.push_back(interner.key(*mop.key));
  ValueCode code = kUnread;
  if (mop.kind != MicroOpKind::kRead) {
    code = interner.value(*mop.value);
  } else if (result_known) {
    if (workload == TxnWorkload::kRwRegister) {
      code = mop.value->is_null() ? kNilValue : interner.value(*mop.value);
    } else if (mop.value->is_null()) {
      code = 0;  // nothing there yet: the empty list
    } else {
      if (!mop.value->is_array()) return "a list-append read returns a list (or nil)";
      code = 0;
      for (const Json& element : *mop.value) table->read_values.push_back(interner.value(element));
    }
  }
  table->value.push_back(code);
  table->read_begin.push_back(static_cast<uint32_t>(table->read_values.size()));
  return std::nullopt;
}

SourceError error_at(const History& history, const Op& op, const std::string& message) {
  return SourceError{{history.source, op.source_line, 0}, message};
}

}  // namespace

std::string TxnTable::value_text(ValueCode code) const {
  if (code == kUnread) return "nil";
  if (code == kNilValue) return "nil";
  if (code & kOtherBit) return other_values[code & ~kOtherBit];
  return std::to_string(code);
}

std::string TxnTable::read_text(uint32_t mop) const {
  if (!read_seen(mop)) return "nil";
  std::string text = "[";
  for (size_t i = 0; i < read_length(mop); ++i)
    text += (i ? " " : "") + value_text(read_data(mop)[i]);
  return text + "]";
}

std::string TxnTable::micro_op_text(uint32_t mop) const {
  const bool list_read = kind[mop] == MicroOpKind::kRead && workload == TxnWorkload::kListAppend;
  return "[" + std::string(to_string(kind[mop])) + " " + key_names[key[mop]] + " " +
         (list_read ? read_text(mop) : value_text(value[mop])) + "]";
}

std::string txn_name(const History& history, const TxnTable& table, TxnId t) {
  return "T" + std::to_string(history.ops[table.invoke_op[t]].index);
}

Parsed<TxnTable> build_txn_table(const History& history, TxnWorkload workload,
                                 std::vector<HistoryNote>* notes) {
  TxnTable table;
  table.workload = workload;
  Interner interner(&table);
  std::vector<PairedOp> paired = pair_ops(history, notes);
  std::vector<MicroOpView> mops;
  size_t other_ops = 0;
  for (const PairedOp& p : paired) {
    const Op& invoke = history.ops[p.invoke];
    if (invoke.f != kTxnFunction) {
      ++other_ops;
      continue;
    }
    const Op& complete = history.ops[p.complete];
    // An ok txn's reads are in its completion; Jepsen clients echo the writes.
    const bool result_known = p.outcome == OpType::kOk && !complete.value.is_null();
    const Op& source = result_known ? complete : invoke;
    if (std::optional<std::string> why = read_micro_ops(source.value, &mops))
      return error_at(history, source, *why);
    for (size_t i = 0; i < mops.size(); ++i) {
      if (auto why = add_micro_op(mops[i], result_known, workload, interner, &table)) {
        return error_at(history, source, "micro-op " + std::to_string(i + 1) + ": " + *why);
      }
    }
    table.mop_begin.push_back(static_cast<uint32_t>(table.kind.size()));
    table.outcome.push_back(p.outcome);
    table.process.push_back(invoke.process);
    table.invoke_op.push_back(static_cast<uint32_t>(p.invoke));
    table.complete_op.push_back(static_cast<uint32_t>(p.complete));
  }
  if (other_ops > 0) {
    notes->push_back({{history.source, 0, 0},
                      std::to_string(other_ops) +
                          " client ops whose f is not \"txn\" were left out of the check"});
  }
  return table;
}

}  // namespace faultline::elle
