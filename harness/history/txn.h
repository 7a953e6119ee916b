// A transaction's micro-ops, as an op's `value` holds them (f "txn";
// docs/history-format.md):
//   [["append","x",1],["r","x",[1,2]]]        list-append
//   [["w","x",1],["r","x",1],["r","y",null]]  rw-register (null: not read)
// Jepsen's EDN `[[:append 1 2] [:r 1 [1 2]]]` reads as the same JSON, with
// integer keys. The names "read" and "write" are accepted for "r" and "w".
//
// The views point into the op's value: they live as long as the history.
// Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/history/op.h"

namespace faultline {

inline constexpr std::string_view kTxnFunction = "txn";

enum class MicroOpKind : uint8_t { kAppend, kRead, kWrite };

std::string_view to_string(MicroOpKind kind);

struct MicroOpView {
  MicroOpKind kind = MicroOpKind::kRead;
  const Json* key = nullptr;    // a string or an integer
  const Json* value = nullptr;  // what was appended or written, or what was read (null: unread)
};

// Reads `value` (an array of [f key value] triples) into `out`, replacing its
// contents. Returns why it cannot, e.g. "micro-op 2: expected [f key value],
// found 2 elements"; nothing on success. Read results are not checked for
// shape here: the checker of each workload says what a read must hold.
std::optional<std::string> read_micro_ops(const Json& value, std::vector<MicroOpView>* out);

// A key's text: a string as is, an integer in decimal (as Op::key is read).
std::string micro_op_key_text(const Json& key);

}  // namespace faultline
