// The transactions of a history in compact arrays, the form the Elle checker
// works on: one row per txn (in invocation order), one per micro-op, keys
// and values as integers. A million txns of four micro-ops take tens of MB.
//
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "checkers/elle/interner.h"
#include "harness/base/source_error.h"
#include "harness/history/history.h"
#include "harness/history/txn.h"

namespace faultline::elle {

using TxnId = uint32_t;
using KeyId = uint32_t;
using ValueCode = uint64_t;

inline constexpr uint32_t kNone = UINT32_MAX;
inline constexpr ValueCode kUnread = UINT64_MAX;        // a read whose result is unknown
inline constexpr ValueCode kNilValue = UINT64_MAX - 1;  // rw-register: an ok read of nil

// How reads are shaped: a whole list (list-append) or one value (rw-register).
enum class TxnWorkload { kListAppend, kRwRegister };

struct TxnTable {
  TxnWorkload workload = TxnWorkload::kListAppend;

  // Per txn.
  std::vector<uint32_t> mop_begin{0};  // micro-ops of txn t: [mop_begin[t], mop_begin[t+1])
  std::vector<OpType> outcome;         // kOk, kFail or kInfo
  std::vector<int64_t> process;
  std::vector<int64_t> index;          // its invocation's index in the history
  std::vector<uint32_t> invoke_op;     // positions in the history's ops
  std::vector<uint32_t> complete_op;   // == invoke_op when the txn never completed
  std::vector<int64_t> invoke_line;    // lines in the history's file
  std::vector<int64_t> complete_line;  // == invoke_line when the txn never completed

  // Per micro-op.
  std::vector<TxnId> txn;  // the txn it belongs to
  std::vector<MicroOpKind> kind;
  std::vector<KeyId> key;
  // An append's or write's value; a rw-register read's value (kNilValue for
  // nil); kUnread for a read whose result is unknown (info and fail txns). An
  // ok list-append read of nil is the empty list.
  std::vector<ValueCode> value;
  std::vector<uint32_t> read_begin{0};  // list-append reads: read_values[read_begin[m] ..
  std::vector<ValueCode> read_values;   //   read_begin[m+1]), empty for other micro-ops

  std::vector<std::string> key_names;
  std::vector<std::string> other_values;  // the values whose code has the top bit set

  size_t txns() const { return outcome.size(); }
  uint32_t mops_begin(TxnId t) const { return mop_begin[t]; }
  uint32_t mops_end(TxnId t) const { return mop_begin[t + 1]; }
  bool read_seen(uint32_t mop) const { return value[mop] != kUnread; }
  size_t read_length(uint32_t mop) const { return read_begin[mop + 1] - read_begin[mop]; }
  const ValueCode* read_data(uint32_t mop) const { return read_values.data() + read_begin[mop]; }
  std::string value_text(ValueCode code) const;
  // "[1 2 3]", "nil"; a long list by its ends: "[1 2 3 4 5 6 ... 95 96 97 98 99 100]"
  std::string read_text(uint32_t mop) const;
  std::string micro_op_text(uint32_t mop) const;  // "[append x 3]", "[r x [1 2]]"
};

// "T12": a txn by its invocation's index in the history.
std::string txn_name(const TxnTable& table, TxnId t);

// Builds a table from a history's ops, taken one at a time in history order,
// so a history need not be held whole. Client ops with f "txn" are read
// (others are left out, with a note); an invocation pairs with the next
// completion of its process. An ok txn's micro-ops come from its completion
// (what its reads returned), an info or failed txn's from its invocation. A
// value that is not a list of micro-ops, or a read of the wrong shape, is an
// error at the op's line. Txns get their rows as they complete (those that
// never do, at the end).
class TxnTableBuilder {
 public:
  TxnTableBuilder(TxnWorkload workload, std::string source);

  std::optional<SourceError> add(const Op& op);

  // The table, and a note for each oddity of pairing.
  TxnTable finish(std::vector<HistoryNote>* notes);

 private:
  struct Staged {  // a micro-op of an open txn's invocation
    MicroOpKind kind;
    KeyId key;
    ValueCode value;
  };
  struct Open {
    bool txn = false;
    std::string f;
    int64_t index = 0;
    uint32_t position = 0;
    int64_t line = 0;
    std::vector<Staged> staged;
  };

  std::optional<std::string> read_into_table(const Json& value, bool results);
  void add_row(const Open& open, int64_t process, OpType outcome, uint32_t position, int64_t line);
  void add_staged_txn(const Open& open, int64_t process, OpType outcome, uint32_t position,
                      int64_t line);
  void note(const Op& op, std::string message);

  TxnTable table_;
  std::string source_;
  std::unordered_map<int64_t, Open> open_;  // per process
  std::vector<MicroOpView> views_;
  std::vector<HistoryNote> notes_;
  uint32_t position_ = 0;
  size_t other_ops_ = 0;
  Interner interner_;
};

// All of a history's ops through a builder.
Parsed<TxnTable> build_txn_table(const History& history, TxnWorkload workload,
                                 std::vector<HistoryNote>* notes);

}  // namespace faultline::elle
