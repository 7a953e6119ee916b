#include "checkers/elle/graph.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace faultline::elle {

std::string_view edge_name(uint8_t type) {
  switch (type) {
    case kWriteWrite:
      return "ww";
    case kWriteRead:
      return "wr";
    case kReadWrite:
      return "rw";
    case kProcessOrder:
      return "process";
    case kRealtimeOrder:
      return "realtime";
  }
  return "?";
}

Graph build_graph(size_t txns, std::vector<Edge>&& edges) {
  Graph graph;
  graph.begin.assign(txns + 1, 0);
  for (const Edge& e : edges) ++graph.begin[e.from + 1];
  std::partial_sum(graph.begin.begin(), graph.begin.end(), graph.begin.begin());
  graph.to.resize(edges.size());
  graph.key.resize(edges.size());
  graph.type.resize(edges.size());
  graph.rule.resize(edges.size());
  std::vector<uint32_t> next(graph.begin.begin(), graph.begin.end() - 1);
  for (const Edge& e : edges) {
    const uint32_t at = next[e.from]++;
    graph.to[at] = e.to;
    graph.key[at] = e.key;
    graph.type[at] = e.type;
    graph.rule[at] = e.rule;
  }
  edges.clear();
  edges.shrink_to_fit();
  return graph;
}

void add_process_edges(const TxnTable& table, std::vector<Edge>* edges) {
  std::unordered_map<int64_t, TxnId> last;
  for (TxnId t = 0; t < table.txns(); ++t) {
    if (table.outcome[t] == OpType::kFail) continue;
    auto [at, fresh] = last.try_emplace(table.process[t], t);
    if (fresh) continue;
    // An info txn may take effect at any later time: it orders nothing after it.
    if (table.outcome[at->second] == OpType::kOk)
      edges->push_back({at->second, t, kNone, kProcessOrder, 0});
    at->second = t;
  }
}

void add_realtime_edges(const TxnTable& table, std::vector<Edge>* edges) {
  // Invocations and completions, each in history order.
  std::vector<TxnId> invoked(table.txns());
  std::iota(invoked.begin(), invoked.end(), 0);
  std::sort(invoked.begin(), invoked.end(),
            [&](TxnId a, TxnId b) { return table.invoke_op[a] < table.invoke_op[b]; });
  std::vector<TxnId> completed;
  for (TxnId t = 0; t < table.txns(); ++t)
    if (table.outcome[t] == OpType::kOk) completed.push_back(t);
  std::sort(completed.begin(), completed.end(),
            [&](TxnId a, TxnId b) { return table.complete_op[a] < table.complete_op[b]; });
  // The frontier: completed txns no later completed txn has followed.
  std::vector<TxnId> frontier;
  // Where each open txn's predecessors (the frontier at its invocation) start in `preds`.
  std::vector<TxnId> preds;
  std::unordered_map<TxnId, std::pair<size_t, size_t>> open;
  size_t next_completion = 0;
  auto complete_until = [&](uint32_t position) {
    for (; next_completion < completed.size() &&
           table.complete_op[completed[next_completion]] < position;
         ++next_completion) {
      const TxnId t = completed[next_completion];
      auto found = open.find(t);
      if (found != open.end()) {
        auto [from, count] = found->second;
        // Its predecessors now reach later txns through it.
        auto is_pred = [&](TxnId f) {
          return std::find(preds.begin() + from, preds.begin() + from + count, f) !=
                 preds.begin() + from + count;
        };
        frontier.erase(std::remove_if(frontier.begin(), frontier.end(), is_pred), frontier.end());
        open.erase(found);
      }
      frontier.push_back(t);
    }
    if (open.empty()) preds.clear();
  };
  for (TxnId t : invoked) {
    complete_until(table.invoke_op[t]);
    if (table.outcome[t] == OpType::kFail) continue;
    for (TxnId f : frontier) edges->push_back({f, t, kNone, kRealtimeOrder, 0});
    if (table.outcome[t] == OpType::kOk) {
      open.emplace(t, std::make_pair(preds.size(), frontier.size()));
      preds.insert(preds.end(), frontier.begin(), frontier.end());
    }
  }
}

}  // namespace faultline::elle
