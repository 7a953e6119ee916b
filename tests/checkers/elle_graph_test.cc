// The Elle checker's graph parts on their own: components and cycles on
// graphs of a million txns (no recursion, so no stack to overflow), and the
// process and real-time order edges.
#include <gtest/gtest.h>

#include "checkers/elle/cycle_search.h"
#include "tests/checkers/txn_events.h"

namespace faultline {
namespace {

using elle::Edge;
using elle::Graph;

constexpr uint32_t kMillion = 1'000'000;

// 0 -> 1 -> ... -> n-1, and back to 0 when `closed`.
Graph ring(uint32_t n, bool closed) {
  std::vector<Edge> edges;
  for (uint32_t i = 0; i + 1 < n; ++i) edges.push_back({i, i + 1, 0, elle::kWriteWrite, 0});
  if (closed) edges.push_back({n - 1, 0, 0, elle::kWriteWrite, 0});
  return elle::build_graph(n, std::move(edges));
}

TEST(ElleGraph, AMillionTxnRingIsOneComponentAndAChainIsNone) {
  const elle::Components closed = elle::strongly_connected(ring(kMillion, true), 0xff);
  ASSERT_EQ(closed.members.size(), 1u);
  EXPECT_EQ(closed.members[0].size(), kMillion);
  EXPECT_TRUE(elle::strongly_connected(ring(kMillion, false), 0xff).members.empty());
}

TEST(ElleGraph, ComponentsFollowOnlyTheEdgeTypesAsked) {
  // 0 <-> 1 by ww and rw; 2 <-> 3 only through an rw edge back.
  std::vector<Edge> edges{{0, 1, 0, elle::kWriteWrite, 0},
                          {1, 0, 0, elle::kWriteWrite, 0},
                          {1, 2, 0, elle::kWriteRead, 0},
                          {2, 3, 0, elle::kWriteWrite, 0},
                          {3, 2, 0, elle::kReadWrite, 0}};
  const Graph g = elle::build_graph(4, std::move(edges));
  EXPECT_EQ(elle::strongly_connected(g, 0xff).members.size(), 2u);
  const elle::Components ww = elle::strongly_connected(g, elle::kWriteWrite);
  ASSERT_EQ(ww.members.size(), 1u);
  EXPECT_EQ(ww.of[2], elle::kNone);
}

TEST(ElleGraph, ShortestCycleInAMillionTxnRingWithAShortcut) {
  // The ring, plus a shortcut 10 -> 5: the cycle 5 -> ... -> 10 -> 5 has 6 edges.
  std::vector<Edge> edges;
  for (uint32_t i = 0; i < kMillion; ++i)
    edges.push_back({i, (i + 1) % kMillion, 0, elle::kWriteWrite, 0});
  edges.push_back({10, 5, 0, elle::kReadWrite, 0});
  const Graph g = elle::build_graph(kMillion, std::move(edges));
  const elle::Components c = elle::strongly_connected(g, 0xff);
  ASSERT_EQ(c.members.size(), 1u);
  elle::CycleFinder finder(g);
  int64_t budget = 50'000'000;
  const auto single = finder.shortest(c, 0, {elle::kDataEdges, elle::kReadWrite, 1}, &budget);
  ASSERT_TRUE(single.has_value());
  EXPECT_EQ(single->edges.size(), 6u);
  int64_t none = 3'000'000;
  const auto ww_only = finder.shortest(c, 0, {elle::kWriteWrite, 0, -1}, &none);
  ASSERT_TRUE(ww_only.has_value());  // the ring itself: found, but not proven shortest in budget
  EXPECT_EQ(ww_only->edges.size(), kMillion);
  EXPECT_FALSE(ww_only->shortest);
}

TEST(ElleGraph, RealtimeEdgesSkipWhatAnotherTxnAlreadyOrders) {
  // T0 completes, then T1 runs, then T2 starts: T0 -> T1 -> T2, no T0 -> T2.
  testing::Txns h;
  h.txn(0, R"([["append","x",1]])").txn(1, R"([["append","x",2]])").txn(2, R"([["r","x",[1,2]]])");
  std::vector<HistoryNote> notes;
  const auto table = elle::build_txn_table(h.history(), elle::TxnWorkload::kListAppend, &notes);
  ASSERT_TRUE(table);
  std::vector<Edge> edges;
  elle::add_realtime_edges(*table, &edges);
  ASSERT_EQ(edges.size(), 2u);
  EXPECT_EQ(edges[0].from, 0u);
  EXPECT_EQ(edges[0].to, 1u);
  EXPECT_EQ(edges[1].from, 1u);
  EXPECT_EQ(edges[1].to, 2u);
}

TEST(ElleGraph, ConcurrentTxnsHaveNoRealtimeEdgeAndProcessOrderSkipsFailedTxns) {
  testing::Txns h;
  h.invoke(0, R"([["append","x",1]])")
      .invoke(1, R"([["append","x",2]])")
      .complete(0, R"([["append","x",1]])")
      .complete(1, R"([["append","x",2]])")
      .txn(0, R"([["append","x",3]])", OpType::kFail)
      .txn(0, R"([["r","x",[1,2]]])");
  std::vector<HistoryNote> notes;
  const auto table = elle::build_txn_table(h.history(), elle::TxnWorkload::kListAppend, &notes);
  ASSERT_TRUE(table);
  std::vector<Edge> realtime, process;
  elle::add_realtime_edges(*table, &realtime);
  elle::add_process_edges(*table, &process);
  EXPECT_EQ(realtime.size(), 2u);  // both into the last txn, none between the first two
  for (const Edge& e : realtime) EXPECT_EQ(e.to, 3u);
  ASSERT_EQ(process.size(), 1u);
  EXPECT_EQ(process[0].from, 0u);
  EXPECT_EQ(process[0].to, 3u);
}

}  // namespace
}  // namespace faultline
