// The transactions of a history in compact arrays, the form the Elle checker
// works on: one row per txn (in invocation order), one per micro-op, keys
// and values as integers. A million txns of four micro-ops take tens of MB.
//
// Values: a non-negative integer below 2^62 is its own code (the usual case,
// no lookup); any other JSON value is interned and its code has the top bit
// set. Codes compare equal exactly when the values do.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

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
  std::vector<uint32_t> invoke_op;    // positions in History::ops
  std::vector<uint32_t> complete_op;  // == invoke_op when the txn never completed

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
  std::string read_text(uint32_t mop) const;      // "[1 2 3]", or "nil"
  std::string micro_op_text(uint32_t mop) const;  // "[append x 3]", "[r x [1 2]]"
};

// "T12": a txn by its invocation's index in the history.
std::string txn_name(const History& history, const TxnTable& table, TxnId t);

// Reads every client op with f "txn" (others are left out, with a note). An
// ok txn's micro-ops come from its completion (what its reads returned), an
// info or failed txn's from its invocation. A value that is not a list of
// micro-ops, or a read of the wrong shape, is an error at the op's line.
Parsed<TxnTable> build_txn_table(const History& history, TxnWorkload workload,
                                 std::vector<HistoryNote>* notes);

}  // namespace faultline::elle
