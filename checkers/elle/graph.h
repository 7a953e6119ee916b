// The dependency graph between transactions, in compressed sparse rows: for
// txn t, its out-edges are [begin[t], begin[t+1]) of the per-edge arrays.
// Each edge says why it is there: its type, and for the data dependencies
// the key (and the workload's rule) that gave it. Parallel edges of other
// types between the same txns are separate entries.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "checkers/elle/txn_table.h"

namespace faultline::elle {

enum EdgeType : uint8_t {
  kWriteWrite = 1,  // ww: the second txn installed the next version of a key the first wrote
  kWriteRead = 2,   // wr: the second txn read what the first wrote
  kReadWrite = 4,   // rw: the second txn overwrote what the first read (anti-dependency)
  kProcessOrder = 8,
  kRealtimeOrder = 16,
};
inline constexpr uint8_t kDataEdges = kWriteWrite | kWriteRead | kReadWrite;

std::string_view edge_name(uint8_t type);  // "ww", "wr", "rw", "process", "realtime"

struct Edge {
  TxnId from = 0;
  TxnId to = 0;
  KeyId key = kNone;  // kNone for process and realtime order
  uint8_t type = 0;
  uint8_t rule = 0;  // which inference of the workload gave it (for its explanation)
};

struct Graph {
  std::vector<uint32_t> begin;  // txns + 1
  std::vector<TxnId> to;
  std::vector<KeyId> key;
  std::vector<uint8_t> type;
  std::vector<uint8_t> rule;

  size_t nodes() const { return begin.empty() ? 0 : begin.size() - 1; }
  size_t edges() const { return to.size(); }
  Edge edge(TxnId from, uint32_t e) const { return {from, to[e], key[e], type[e], rule[e]}; }
};

// Builds the rows from a list of edges (consumed): a counting sort by source.
Graph build_graph(size_t txns, std::vector<Edge>&& edges);

// Each ok txn to the next txn of its process (failed txns are skipped; they
// took no effect, and the order passes through them; an info txn may take
// effect at any later time, so nothing follows it).
void add_process_edges(const TxnTable& table, std::vector<Edge>* edges);

// T1 -> T2 when T1 completed ok before T2 was invoked, as a transitive
// reduction: each txn gets edges only from the txns completed before it that
// no other such txn followed, so the count stays near txns x concurrency.
void add_realtime_edges(const TxnTable& table, std::vector<Edge>* edges);

}  // namespace faultline::elle
