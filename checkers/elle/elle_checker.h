// The Elle checker (Kingsbury & Alvaro, "Elle: Inferring Isolation Anomalies
// from Experimental Observations", VLDB 2020) for list-append and rw-register
// histories: it infers dependencies between transactions from what their
// reads saw, finds the cycles among them (strongly connected components,
// then the shortest cycle of each by breadth-first search), names every
// anomaly with evidence a person can follow, and says which consistency
// models the history rules out.
//
// Pure: a function of the history; safe from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "checkers/elle/anomaly.h"
#include "checkers/elle/txn_table.h"
#include "checkers/verdict.h"

namespace faultline::elle {

struct ElleOptions {
  TxnWorkload workload = TxnWorkload::kListAppend;
  bool process_order = false;   // edges from each txn to its process's next
  bool realtime_order = false;  // edges from each txn to those invoked after it completed
  int64_t cycle_search_budget = 50'000'000;  // edge visits for all the cycle searches
  // The consistency model the database claims (one of kConsistencyModels).
  // Empty: every anomaly makes the history invalid. Set: only an anomaly
  // that rules this model out does; those a weaker claim allows are still
  // reported.
  std::string expected_model;
};

struct ElleResult {
  Verdict verdict = Verdict::kValid;
  std::string workload;  // "list-append" or "rw-register"
  std::string expected_model;  // as in ElleOptions
  size_t txns = 0, ok = 0, failed = 0, info = 0;
  size_t edges = 0;
  std::vector<Anomaly> anomalies;                // the first few of each type
  std::map<std::string, size_t> anomaly_counts;  // every one, by type
  std::vector<std::string> ruled_out;            // consistency models, weakest first
  std::vector<std::string> not_ruled_out;
  std::vector<std::string> unknown_because;  // why the verdict is unknown
  std::vector<HistoryNote> notes;
  std::optional<SourceError> error;  // the history could not be read as txns
  double seconds = 0;
};

std::string_view to_string(TxnWorkload workload);
std::optional<TxnWorkload> parse_txn_workload(std::string_view name);

ElleResult check_elle(const History& history, const ElleOptions& options);

// The same on txns already in a table (TxnTableBuilder: a history streamed,
// never held whole). The notes of pairing are the builder's.
ElleResult check_txns(const TxnTable& table, const ElleOptions& options);

}  // namespace faultline::elle
