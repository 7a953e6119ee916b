#include "checkers/elle/anomaly.h"

#include <algorithm>

namespace faultline::elle {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

std::vector<std::string_view> models_from(size_t first) {
  return {std::begin(kConsistencyModels) + first, std::end(kConsistencyModels)};
}

}  // namespace

std::vector<std::string> consistency_model_names() {
  return {std::begin(kConsistencyModels), std::end(kConsistencyModels)};
}

std::vector<std::string_view> models_ruled_out_by(std::string_view type) {
  // A cycle that needs real-time or process order, and an acknowledged append
  // a later read missed, contradict only an order that follows real time.
  if (ends_with(type, "-realtime") || ends_with(type, "-process") || type == "lost-append")
    return {"strict-serializable"};
  // Two or more rw edges, two of them adjacent (write skew): snapshot
  // isolation allows it (Fekete et al.); nonadjacent ones it does not.
  if (type == "G2-item") return {"repeatable-read", "serializable", "strict-serializable"};
  // One rw edge on items is also G2-item (Adya's PL-2.99 forbids it); a
  // txn's reads that disagree with its own earlier reads or writes break
  // Cerone's INT (snapshot isolation and up) and, read twice, are a fuzzy
  // read repeatable read forbids; read committed allows both.
  // A lost update (P4) is what cursor stability, and so every model from
  // repeatable read up, was made to forbid (Berenson et al.).
  if (type == "G-single" || type == "G-nonadjacent" || type == "internal" || type == "lost-update")
    return models_from(1);
  // G0, G1a, G1b, G1c, a future read (a trivial G1c: a txn read its own
  // later write), and what no model allows: reads that disagree on a key's
  // order, values read twice or never written.
  return models_from(0);
}

void AnomalyLog::add(Anomaly anomaly) {
  if (++counts_[anomaly.type] <= kKeptPerType) kept_.push_back(std::move(anomaly));
}

void AnomalyLog::note(std::string type, std::vector<TxnId> txns, std::string description) {
  Anomaly anomaly;
  anomaly.type = std::move(type);
  anomaly.txns = std::move(txns);
  anomaly.description = std::move(description);
  add(std::move(anomaly));
}

}  // namespace faultline::elle
