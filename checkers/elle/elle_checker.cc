#include "checkers/elle/elle_checker.h"

#include <algorithm>
#include <chrono>

#include "checkers/elle/cycles.h"
#include "checkers/elle/list_append.h"
#include "checkers/elle/rw_register.h"

namespace faultline::elle {
namespace {

TxnEvidence evidence_of(const TxnTable& table, TxnId t) {
  TxnEvidence evidence{
      t, txn_name(table, t), table.complete_line[t], table.process[t], table.outcome[t], {}};
  for (uint32_t m = table.mops_begin(t); m < table.mops_end(t); ++m)
    evidence.micro_ops.push_back(table.micro_op_text(m));
  return evidence;
}

void count_outcomes(const TxnTable& table, ElleResult* result) {
  result->txns = table.txns();
  for (OpType outcome : table.outcome) {
    result->ok += outcome == OpType::kOk;
    result->failed += outcome == OpType::kFail;
    result->info += outcome == OpType::kInfo;
  }
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

void judge(ElleResult* result) {
  std::vector<bool> out(std::size(kConsistencyModels), false);
  for (const auto& [type, count] : result->anomaly_counts)
    for (std::string_view model : models_ruled_out_by(type))
      for (size_t i = 0; i < out.size(); ++i) out[i] = out[i] || kConsistencyModels[i] == model;
  for (size_t i = 0; i < out.size(); ++i)
    (out[i] ? result->ruled_out : result->not_ruled_out).emplace_back(kConsistencyModels[i]);
  const bool violated = result->expected_model.empty()
                            ? !result->anomaly_counts.empty()
                            : contains(result->ruled_out, result->expected_model);
  if (violated) {
    result->verdict = Verdict::kInvalid;
  } else if (!result->unknown_because.empty()) {
    result->verdict = Verdict::kUnknown;
  }
}

}  // namespace

std::string_view to_string(TxnWorkload workload) {
  return workload == TxnWorkload::kListAppend ? "list-append" : "rw-register";
}

std::optional<TxnWorkload> parse_txn_workload(std::string_view name) {
  if (name == "list-append") return TxnWorkload::kListAppend;
  if (name == "rw-register") return TxnWorkload::kRwRegister;
  return std::nullopt;
}

ElleResult check_txns(const TxnTable& table, const ElleOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ElleResult result;
  result.workload = to_string(options.workload);
  result.expected_model = options.expected_model;
  count_outcomes(table, &result);
  AnomalyLog log;
  Inference inference = options.workload == TxnWorkload::kListAppend
                            ? infer_list_append(table, &log)
                            : infer_rw_register(table, &log);
  result.unknown_because = std::move(inference.unknown_because);
  if (table.txns() == 0) result.unknown_because.push_back("no txns to check");
  if (options.process_order) add_process_edges(table, &inference.edges);
  if (options.realtime_order) add_realtime_edges(table, &inference.edges);
  const Graph graph = build_graph(table.txns(), std::move(inference.edges));
  result.edges = graph.edges();
  find_cycles(table, graph, *inference.explainer, options.cycle_search_budget, &log);
  result.anomalies = log.kept();
  result.anomaly_counts = log.counts();
  for (Anomaly& anomaly : result.anomalies)
    for (TxnId t : anomaly.txns) anomaly.evidence.push_back(evidence_of(table, t));
  judge(&result);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

ElleResult check_elle(const History& history, const ElleOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<HistoryNote> notes;
  Parsed<TxnTable> table = build_txn_table(history, options.workload, &notes);
  if (!table) {
    ElleResult result;
    result.workload = to_string(options.workload);
    result.error = table.error();
    result.verdict = Verdict::kUnknown;
    return result;
  }
  ElleResult result = check_txns(*table, options);
  result.notes = std::move(notes);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace faultline::elle
