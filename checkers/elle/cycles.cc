#include "checkers/elle/cycles.h"

#include <algorithm>

#include "checkers/elle/cycle_search.h"

namespace faultline::elle {
namespace {

struct Stage {
  uint8_t extra;  // order edges this stage adds to the data edges
  CycleShape shape;
};

// The searches, most severe first; the first that finds a cycle names it.
std::vector<Stage> stages(uint8_t orders) {
  std::vector<uint8_t> extras{0};
  if (orders & kProcessOrder) extras.push_back(kProcessOrder);
  if (orders & kRealtimeOrder) extras.push_back(orders);  // with process order, when present
  std::vector<Stage> list;
  for (uint8_t extra : extras) {
    list.push_back({extra, {uint8_t(kWriteWrite | extra), 0, -1}});
    list.push_back({extra, {uint8_t(kWriteWrite | kWriteRead | extra), 0, -1}});
    list.push_back({extra, {uint8_t(kDataEdges | extra), kReadWrite, 1}});
    list.push_back({extra, {uint8_t(kDataEdges | extra), 0, -1}});
  }
  return list;
}

std::string order_why(const TxnTable& table, const Edge& edge) {
  const std::string from = txn_name(table, edge.from);
  const std::string to = txn_name(table, edge.to);
  if (edge.type == kProcessOrder) {
    return from + " and then " + to + " ran on process " + std::to_string(table.process[edge.from]);
  }
  return from + " completed (line " + std::to_string(table.complete_line[edge.from]) + ") before " +
         to + " was invoked (line " + std::to_string(table.invoke_line[edge.to]) + ")";
}

}  // namespace

std::string cycle_type(const std::vector<Edge>& edges) {
  size_t rw = 0, adjacent_rw = 0;
  uint8_t types = 0;
  for (size_t i = 0; i < edges.size(); ++i) {
    types |= edges[i].type;
    rw += edges[i].type == kReadWrite;
    adjacent_rw += edges[i].type == kReadWrite && edges[(i + 1) % edges.size()].type == kReadWrite;
  }
  std::string name = rw == 0   ? ((types & kWriteRead) ? "G1c" : "G0")
                     : rw == 1 ? "G-single"
                               : (adjacent_rw == 0 ? "G-nonadjacent" : "G2-item");
  if (types & kRealtimeOrder) return name + "-realtime";
  if (types & kProcessOrder) return name + "-process";
  return name;
}

void find_cycles(const TxnTable& table, const Graph& graph, const EdgeExplainer& explainer,
                 int64_t budget, AnomalyLog* log) {
  const Components components = strongly_connected(graph, 0xff);
  if (components.members.empty()) return;
  uint8_t orders = 0;
  for (uint8_t type : graph.type) orders |= type & (kProcessOrder | kRealtimeOrder);
  const std::vector<Stage> searches = stages(orders);
  CycleFinder finder(graph);
  for (uint32_t c = 0; c < components.members.size(); ++c) {
    std::optional<Cycle> cycle;
    for (const Stage& stage : searches) {
      if ((cycle = finder.shortest(components, c, stage.shape, &budget))) break;
    }
    if (!cycle) {  // the budget ran out: any cycle, from one search
      int64_t one_search = 1;
      cycle = finder.shortest(components, c, {0xff, 0, -1}, &one_search);
      if (!cycle) continue;
      cycle->shortest = false;
    }
    // From its earliest txn, so the same cycle always reads the same.
    auto first = std::min_element(
        cycle->edges.begin(), cycle->edges.end(),
        [&](const Edge& a, const Edge& b) { return table.index[a.from] < table.index[b.from]; });
    std::rotate(cycle->edges.begin(), first, cycle->edges.end());
    Anomaly anomaly;
    anomaly.type = cycle_type(cycle->edges);
    anomaly.shortest = cycle->shortest;
    for (const Edge& edge : cycle->edges) {
      anomaly.txns.push_back(edge.from);
      const bool data = edge.type & kDataEdges;
      anomaly.steps.push_back({edge, data ? table.key_names[edge.key] : "",
                               data ? explainer.why(edge) : order_why(table, edge)});
    }
    anomaly.description = "a cycle of " + std::to_string(cycle->edges.size()) + " txns";
    log->add(std::move(anomaly));
  }
}

}  // namespace faultline::elle
