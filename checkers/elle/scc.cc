#include "checkers/elle/scc.h"

#include <algorithm>

namespace faultline::elle {

Components strongly_connected(const Graph& graph, uint8_t mask) {
  const size_t n = graph.nodes();
  Components result;
  result.of.assign(n, kNone);
  std::vector<uint32_t> index(n, kNone), low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<TxnId> stack;
  // The depth-first path: a txn and the next of its edges to look at.
  std::vector<std::pair<TxnId, uint32_t>> path;
  uint32_t next_index = 0;
  for (TxnId root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    path.emplace_back(root, graph.begin[root]);
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!path.empty()) {
      auto& [v, e] = path.back();
      if (e < graph.begin[v + 1]) {
        const uint32_t edge = e++;
        if (!(graph.type[edge] & mask)) continue;
        const TxnId w = graph.to[edge];
        if (index[w] == kNone) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          on_stack[w] = true;
          path.emplace_back(w, graph.begin[w]);  // invalidates v and e
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      const TxnId done = v;
      path.pop_back();
      if (!path.empty()) low[path.back().first] = std::min(low[path.back().first], low[done]);
      if (low[done] != index[done]) continue;
      // `done` is the root of a component: everything above it on the stack.
      const auto first = std::find(stack.rbegin(), stack.rend(), done).base() - 1;
      if (stack.end() - first > 1) {
        const auto id = static_cast<uint32_t>(result.members.size());
        result.members.emplace_back(first, stack.end());
        for (TxnId t : result.members.back()) result.of[t] = id;
      }
      for (auto it = first; it != stack.end(); ++it) on_stack[*it] = false;
      stack.erase(first, stack.end());
    }
  }
  return result;
}

}  // namespace faultline::elle
