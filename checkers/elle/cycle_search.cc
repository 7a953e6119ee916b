#include "checkers/elle/cycle_search.h"

#include <algorithm>

namespace faultline::elle {

std::optional<Cycle> CycleFinder::shortest(const Components& components, uint32_t component,
                                           const CycleShape& shape, int64_t* budget) {
  const size_t layers = shape.exactly < 0 ? 1 : static_cast<size_t>(shape.exactly) + 1;
  if (seen_.size() < graph_.nodes() * layers) {
    seen_.assign(graph_.nodes() * layers, 0);
    via_edge_.resize(seen_.size());
    parent_.resize(seen_.size());
    depth_.resize(seen_.size());
    stamp_ = 0;
  }
  std::optional<Cycle> best;
  for (TxnId start : components.members[component]) {
    if (*budget <= 0) {
      if (best) best->shortest = false;
      break;
    }
    const size_t limit = best ? best->edges.size() - 1 : SIZE_MAX;
    if (auto found = from(start, component, components, shape, limit, budget)) {
      best = Cycle{std::move(*found), true};
      if (best->edges.size() == 2) break;  // no cycle is shorter
    }
  }
  return best;
}

std::optional<std::vector<Edge>> CycleFinder::from(TxnId start, uint32_t component,
                                                   const Components& components,
                                                   const CycleShape& shape, size_t limit,
                                                   int64_t* budget) {
  const uint32_t layers = shape.exactly < 0 ? 1 : static_cast<uint32_t>(shape.exactly) + 1;
  if (++stamp_ == 0) {  // wrapped: forget every old stamp
    std::fill(seen_.begin(), seen_.end(), 0);
    stamp_ = 1;
  }
  std::vector<uint32_t> queue{start * layers};
  seen_[start * layers] = stamp_;
  depth_[start * layers] = 0;
  for (size_t head = 0; head < queue.size(); ++head) {
    const uint32_t state = queue[head];
    const TxnId v = state / layers;
    const uint32_t count = state % layers;
    if (depth_[state] + 1 > limit) break;  // every later state is as deep
    for (uint32_t e = graph_.begin[v]; e < graph_.begin[v + 1]; ++e) {
      --*budget;
      const uint8_t type = graph_.type[e];
      if (!(type & shape.allowed)) continue;
      const TxnId w = graph_.to[e];
      if (components.of[w] != component) continue;
      uint32_t next_count = count;
      if (shape.exactly >= 0 && (type & shape.counted) && ++next_count >= layers) continue;
      if (w == start && (shape.exactly < 0 || next_count == uint32_t(shape.exactly))) {
        std::vector<Edge> cycle{graph_.edge(v, e)};
        for (uint32_t s = state; s != start * layers; s = parent_[s])
          cycle.push_back(graph_.edge(parent_[s] / layers, via_edge_[s]));
        std::reverse(cycle.begin(), cycle.end());
        return cycle;
      }
      const uint32_t next = w * layers + next_count;
      if (w == start || seen_[next] == stamp_) continue;
      seen_[next] = stamp_;
      via_edge_[next] = e;
      parent_[next] = state;
      depth_[next] = depth_[state] + 1;
      queue.push_back(next);
    }
  }
  return std::nullopt;
}

}  // namespace faultline::elle
