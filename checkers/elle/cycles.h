// The cycle anomalies of a dependency graph: per strongly connected
// component, the shortest cycle of the most severe shape it holds (G0, then
// G1c, G-single, G2-item; with process or real-time order only when no data
// cycle exists), named by its edges and explained edge by edge.
#pragma once

#include "checkers/elle/inference.h"

namespace faultline::elle {

// "G0" (ww only), "G1c" (ww and wr), "G-single" (one rw), "G-nonadjacent"
// (more, no two of them next to each other), "G2-item" (more, two adjacent),
// with "-process" or "-realtime" when the cycle needs that order.
std::string cycle_type(const std::vector<Edge>& edges);

// Adds an anomaly per component of `graph` that holds a cycle. `budget`
// bounds the edge visits of all the searches together.
void find_cycles(const TxnTable& table, const Graph& graph, const EdgeExplainer& explainer,
                 int64_t budget, AnomalyLog* log);

}  // namespace faultline::elle
