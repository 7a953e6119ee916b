// Strongly connected components of a dependency graph (Tarjan's algorithm,
// iterative: an explicit stack, so a path of a million txns cannot overflow
// the call stack). Only components of two or more txns are kept: a cycle
// lies within one of them, and no edge goes from a txn to itself.
#pragma once

#include <cstdint>
#include <vector>

#include "checkers/elle/graph.h"

namespace faultline::elle {

struct Components {
  std::vector<uint32_t> of;                 // per txn: its component, or kNone when alone
  std::vector<std::vector<TxnId>> members;  // per component, its txns
};

// Components over the edges whose type is in `mask`.
Components strongly_connected(const Graph& graph, uint8_t mask);

}  // namespace faultline::elle
