// A table's client ops split into the parts the linearizability checker
// decides one by one (P-compositionality): by key when any op has one,
// else one part, holding only pair numbers, so a
// 10M-op history is split without making an Op of each. A part's ops are
// made whole (table.op()) only when the part is checked, one part at a time
// per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "checkers/model.h"
#include "harness/history/op_table.h"
#include "harness/history/pairing.h"

namespace faultline {

struct KeyPart {
  std::string name;             // the key; empty for a whole history
  std::vector<uint32_t> pairs;  // indexes into the paired ops, in invocation order
};

// Every paired op but fails (which did not take effect), by key, keys in
// name order; one part named "" when no op has a key.
std::vector<KeyPart> split_by_key(const OpTable& table, const std::vector<PairedOp>& paired);

// A part's ops made whole, and the CheckOps that point into them.
struct PartOps {
  std::shared_ptr<const std::vector<Op>> storage;
  std::vector<CheckOp> ops;
};
PartOps make_part_ops(const OpTable& table, const std::vector<PairedOp>& paired,
                      const KeyPart& part);

}  // namespace faultline
