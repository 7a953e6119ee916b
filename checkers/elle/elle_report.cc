#include "checkers/elle/elle_report.h"

#include <cstdio>

namespace faultline::elle {
namespace {

constexpr size_t kShownPerType = 3;

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text.empty() ? "nothing" : text;
}

Json txn_json(const TxnEvidence& txn) {
  return {{"name", txn.name},
          {"line", txn.line},
          {"process", txn.process},
          {"type", std::string(to_string(txn.outcome))},
          {"micro_ops", txn.micro_ops}};
}

Json anomaly_json(const Anomaly& anomaly) {
  Json out{{"type", anomaly.type}, {"description", anomaly.description}};
  Json txns = Json::array();
  for (const TxnEvidence& txn : anomaly.evidence) txns.push_back(txn_json(txn));
  out["txns"] = std::move(txns);
  if (!anomaly.steps.empty()) {
    out["shortest"] = anomaly.shortest;
    Json cycle = Json::array();
    for (size_t i = 0; i < anomaly.steps.size(); ++i) {
      const CycleStep& step = anomaly.steps[i];
      cycle.push_back({{"from", anomaly.evidence[i].name},
                       {"to", anomaly.evidence[(i + 1) % anomaly.evidence.size()].name},
                       {"edge", std::string(edge_name(step.edge.type))},
                       {"key", step.key},
                       {"why", step.why}});
    }
    out["cycle"] = std::move(cycle);
  }
  return out;
}

void print_txn(std::ostream& out, const TxnEvidence& txn) {
  out << "    " << txn.name << "  line " << txn.line << "  process " << txn.process << "  "
      << to_string(txn.outcome) << " ";
  for (const std::string& mop : txn.micro_ops) out << " " << mop;
  out << "\n";
}

void print_anomaly(std::ostream& out, const Anomaly& anomaly) {
  if (anomaly.steps.empty()) {
    out << "  " << anomaly.type << ": " << anomaly.description << "\n";
  } else {
    out << "  " << anomaly.type << ": a cycle of " << anomaly.steps.size() << " txns"
        << (anomaly.shortest ? "" : " (the search budget ran out: maybe not the shortest)") << "\n";
  }
  for (const TxnEvidence& txn : anomaly.evidence) print_txn(out, txn);
  for (size_t i = 0; i < anomaly.steps.size(); ++i) {
    out << "    " << anomaly.evidence[i].name << " -" << edge_name(anomaly.steps[i].edge.type)
        << "-> " << anomaly.evidence[(i + 1) % anomaly.evidence.size()].name << ": "
        << anomaly.steps[i].why << "\n";
  }
}

}  // namespace

Json to_json(const ElleResult& result) {
  Json out{
      {"valid", to_json(result.verdict)},
      {"model", result.workload},
      {"txns",
       {{"total", result.txns}, {"ok", result.ok}, {"fail", result.failed}, {"info", result.info}}},
      {"edges", result.edges},
      {"anomaly_counts", result.anomaly_counts},
      {"ruled_out", result.ruled_out},
      {"not_ruled_out", result.not_ruled_out},
      {"seconds", result.seconds}};
  Json types = Json::array();
  for (const auto& [type, count] : result.anomaly_counts) types.push_back(type);
  out["anomaly_types"] = std::move(types);
  Json anomalies = Json::array();
  for (const Anomaly& anomaly : result.anomalies) anomalies.push_back(anomaly_json(anomaly));
  out["anomalies"] = std::move(anomalies);
  if (!result.expected_model.empty()) out["expected"] = result.expected_model;
  if (!result.unknown_because.empty()) out["unknown_because"] = result.unknown_because;
  Json notes = Json::array();
  for (const HistoryNote& note : result.notes)
    notes.push_back({{"line", note.where.line}, {"message", note.message}});
  out["notes"] = std::move(notes);
  return out;
}

void print_elle_result(std::ostream& out, const std::string& file, const ElleResult& result,
                       bool realtime_checked) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f s", result.seconds);
  const char* word = result.verdict == Verdict::kValid     ? "valid"
                     : result.verdict == Verdict::kInvalid ? "INVALID"
                                                           : "unknown";
  out << file << ": " << word << "  (" << result.workload << ", " << result.txns
      << " txns: " << result.ok << " ok, " << result.failed << " failed, " << result.info
      << " info; " << seconds << ")\n";
  for (const std::string& why : result.unknown_because) out << "  unknown: " << why << "\n";
  if (!result.anomaly_counts.empty()) {
    out << "  anomalies:";
    for (const auto& [type, count] : result.anomaly_counts) out << " " << type << " " << count;
    out << "\n";
  }
  out << "  rules out: " << joined(result.ruled_out) << "\n";
  if (!result.expected_model.empty()) {
    out << "  expected: " << result.expected_model
        << (result.verdict == Verdict::kInvalid ? " (ruled out)"
            : result.anomaly_counts.empty()     ? " (not ruled out)"
                                                : " (not ruled out: anomalies it allows are "
                                                  "reported, not a violation)")
        << "\n";
  }
  out << "  does not rule out: " << joined(result.not_ruled_out)
      << (realtime_checked ? "" : " (real-time order not checked: --realtime)") << "\n";
  std::map<std::string, size_t> shown;
  for (const Anomaly& anomaly : result.anomalies) {
    if (++shown[anomaly.type] > kShownPerType) continue;
    print_anomaly(out, anomaly);
  }
  for (const auto& [type, count] : result.anomaly_counts) {
    if (count > kShownPerType)
      out << "  ... and " << count - kShownPerType << " more " << type << " (--json lists up to "
          << AnomalyLog::kKeptPerType << " of each type)\n";
  }
}

}  // namespace faultline::elle
