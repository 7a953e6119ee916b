// What a workload's inference (list-append, rw-register) gives the Elle
// checker: the data dependency edges between txns, the anomalies seen
// without any cycle, and how to say in words why each of its edges is there.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "checkers/elle/anomaly.h"
#include "checkers/elle/graph.h"

namespace faultline::elle {

class EdgeExplainer {
 public:
  virtual ~EdgeExplainer() = default;
  // Why the ww, wr or rw edge is there: "T2 read [1 2] of x, which T1's append of 2 produced".
  virtual std::string why(const Edge& edge) const = 0;
};

struct Inference {
  std::vector<Edge> edges;
  std::vector<std::string> unknown_because;  // why no verdict can be trusted (non-unique writes)
  std::unique_ptr<EdgeExplainer> explainer;
};

// Per key, the micro-ops of one kind, grouped (compressed rows by key id).
struct MicroOpsByKey {
  std::vector<uint32_t> begin;  // keys + 1
  std::vector<uint32_t> mops;
  size_t keys() const { return begin.size() - 1; }
};

// The micro-ops for which `take(mop)` holds, grouped by key.
template <class Take>
MicroOpsByKey group_by_key(const TxnTable& table, Take take) {
  MicroOpsByKey grouped;
  grouped.begin.assign(table.key_names.size() + 1, 0);
  for (uint32_t m = 0; m < table.kind.size(); ++m)
    if (take(m)) ++grouped.begin[table.key[m] + 1];
  for (size_t k = 1; k < grouped.begin.size(); ++k) grouped.begin[k] += grouped.begin[k - 1];
  grouped.mops.resize(grouped.begin.back());
  std::vector<uint32_t> next(grouped.begin.begin(), grouped.begin.end() - 1);
  for (uint32_t m = 0; m < table.kind.size(); ++m)
    if (take(m)) grouped.mops[next[table.key[m]]++] = m;
  return grouped;
}

// Calls visit(mops, count) once per key txn t touches, with its micro-ops
// on that key in txn order: n log n in the txn's size, however large.
template <class Visit>
void for_each_key_of_txn(const TxnTable& table, TxnId t, std::vector<uint32_t>* scratch,
                         Visit visit) {
  scratch->clear();
  for (uint32_t m = table.mops_begin(t); m < table.mops_end(t); ++m) scratch->push_back(m);
  std::stable_sort(scratch->begin(), scratch->end(),
                   [&](uint32_t a, uint32_t b) { return table.key[a] < table.key[b]; });
  for (size_t i = 0, j = 0; i < scratch->size(); i = j) {
    for (j = i + 1; j < scratch->size() && table.key[(*scratch)[j]] == table.key[(*scratch)[i]];
         ++j) {
    }
    visit(scratch->data() + i, j - i);
  }
}

}  // namespace faultline::elle
