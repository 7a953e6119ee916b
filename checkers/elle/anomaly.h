// The anomalies the Elle checker names, the evidence for each, and the
// consistency models each rules out (Adya's definitions as Elle's
// consistency_model.clj uses them: read committed forbids G0 and G1,
// repeatable read also G2-item (G-single on items is one), snapshot isolation
// G-single and G-nonadjacent but not every G2-item, serializable every data
// cycle, strict serializable also the cycles through real-time and process
// order; internal inconsistency is ruled out from repeatable read up, a
// future read everywhere). The table is in README.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "checkers/elle/graph.h"

namespace faultline::elle {

// One edge of a cycle, with why it is there, in words.
struct CycleStep {
  Edge edge;
  std::string key;  // the key of a data edge; empty for process and real-time order
  std::string why;  // "T2 read [1 2] of x, which T1's append of 2 produced"
};

// A txn as the evidence shows it: where it is, and its micro-ops.
struct TxnEvidence {
  TxnId txn = 0;
  std::string name;  // "T12"
  int64_t line = 0;  // of its completion (its invocation when it has none)
  int64_t process = 0;
  OpType outcome = OpType::kOk;
  std::vector<std::string> micro_ops;  // "[append x 1]", "[r x [1 2]]"
};

struct Anomaly {
  std::string type;                   // "G0", "G1a", "G-single-realtime", "incompatible-order", ...
  std::vector<TxnId> txns;            // the txns involved (a cycle's in its order)
  std::vector<CycleStep> steps;       // cycles only: each edge, from txns[i] to txns[i+1]
  std::string description;            // what was seen, in words
  bool shortest = true;               // cycles: false when the search budget ran out first
  std::vector<TxnEvidence> evidence;  // per txn of `txns`, filled in by the checker
};

// The models faultline names, weakest first.
inline constexpr std::string_view kConsistencyModels[] = {"read-committed", "repeatable-read",
                                                          "snapshot-isolation", "serializable",
                                                          "strict-serializable"};

// kConsistencyModels as strings, for option checks and messages.
std::vector<std::string> consistency_model_names();

// The models of kConsistencyModels an anomaly of `type` rules out.
std::vector<std::string_view> models_ruled_out_by(std::string_view type);

// What a checker found: the first few anomalies of each type (every one is
// counted), in the order found.
class AnomalyLog {
 public:
  static constexpr size_t kKeptPerType = 20;

  void add(Anomaly anomaly);
  // An anomaly seen without a cycle: its txns, and what was seen in words.
  void note(std::string type, std::vector<TxnId> txns, std::string description);
  const std::vector<Anomaly>& kept() const { return kept_; }
  const std::map<std::string, size_t>& counts() const { return counts_; }
  bool empty() const { return counts_.empty(); }

 private:
  std::vector<Anomaly> kept_;
  std::map<std::string, size_t> counts_;
};

}  // namespace faultline::elle
