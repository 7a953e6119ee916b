// multi-register: several named registers read and written together in transactions.
//
// Each op has f "txn" and a value that is a list of micro-ops, each ["read", k, v] or
// ["write", k, v]; k names a register (a string or a number; the number 1 and the string
// "1" name the same register). Micro-ops apply in order, so a read after a write in the
// same txn must see that write. The state holds one value per register, for every register
// any op names, ordered by name.
//
// - An ok txn is checked with the completion's value (where its reads are filled in).
// - An indeterminate txn uses the invocation's value: its writes may take effect, its reads
//   constrain nothing.
// - A read of nil under NilRead::kUnobserved constrains nothing; under kAbsent it means the
//   register held nothing.
// - options.init: an object {"x": 0, ...} gives registers their initial values (registers
//   it does not name start nil), a scalar starts every register at that value, null starts
//   all of them nil.
#pragma once

#include "checkers/model.h"

namespace faultline {

CompileResult compile_multi_register(const std::vector<CheckOp>& ops,
                                     const ModelOptions& options);

}  // namespace faultline
