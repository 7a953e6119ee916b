// Machine-readable form of a linearizability result (faultline check --json,
// results.json): verdict, model, per-partition results, timing, and for an
// invalid history the evidence, small enough for a person to read.
#pragma once

#include "checkers/linearizability.h"

namespace faultline {

// One checked op as evidence shows it: who did what, what came back, where.
Json check_op_json(const CheckOp& op);

Json to_json(const LinearizabilityResult& result);

// The ops that cannot be linearized together (the last linearized ops, the op
// that failed, and those concurrent with it), in history order.
std::vector<const CheckOp*> evidence_ops(const PartResult& part);

}  // namespace faultline
