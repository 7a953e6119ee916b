// An Elle result for people (the terminal) and for programs (JSON).
#pragma once

#include <ostream>
#include <string>

#include "checkers/elle/elle_checker.h"

namespace faultline::elle {

// {"valid", "model", "txns": {...}, "edges", "anomaly_types", "anomaly_counts",
//  "anomalies": [{"type", "description", "shortest", "txns": [{"name", "line",
//  "process", "type", "micro_ops"}], "cycle": [{"from", "to", "edge", "key",
//  "why"}]}], "ruled_out", "not_ruled_out", "expected" (when set), "unknown_because", "notes", "seconds"}
Json to_json(const ElleResult& result);

// "FILE: INVALID  (list-append, ...)", then the anomalies with their
// evidence (the first few of each type) and the models ruled out.
void print_elle_result(std::ostream& out, const std::string& file, const ElleResult& result,
                       bool realtime_checked);

}  // namespace faultline::elle
