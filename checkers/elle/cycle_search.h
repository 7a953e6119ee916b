// The shortest cycle within one strongly connected component, by breadth-
// first search from each of its txns, over the edges of some types only and
// optionally with exactly N edges of one type (G-single: exactly one rw).
//
// A search from every txn costs txns x edges of the component; a budget of
// edge visits bounds it, after which the shortest cycle found so far is
// returned, marked as not proven shortest.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "checkers/elle/scc.h"

namespace faultline::elle {

struct CycleShape {
  uint8_t allowed = kDataEdges;  // edge types the cycle may use
  uint8_t counted = 0;           // with exactly >= 0: the type whose edges are counted
  int exactly = -1;              // how many edges of `counted` the cycle has; -1: any
};

struct Cycle {
  std::vector<Edge> edges;  // in order: edges[i].to == edges[i+1].from, the last back to the first
  bool shortest = true;     // false when the budget ran out before every start was tried
};

class CycleFinder {
 public:
  explicit CycleFinder(const Graph& graph) : graph_(graph) {}

  // The shortest cycle of `shape` among the txns of component `component`,
  // or nothing. Each edge looked at takes one from *budget.
  std::optional<Cycle> shortest(const Components& components, uint32_t component,
                                const CycleShape& shape, int64_t* budget);

 private:
  // From `start`: the shortest cycle through it no longer than `limit` edges.
  std::optional<std::vector<Edge>> from(TxnId start, uint32_t component,
                                        const Components& components, const CycleShape& shape,
                                        size_t limit, int64_t* budget);

  const Graph& graph_;
  // Per search state (txn x counted edges so far): when it was last reached
  // (a stamp, so nothing is cleared between searches), how, and from where.
  std::vector<uint32_t> seen_;
  std::vector<uint32_t> via_edge_;
  std::vector<uint32_t> parent_;
  std::vector<uint32_t> depth_;
  uint32_t stamp_ = 0;
};

}  // namespace faultline::elle
