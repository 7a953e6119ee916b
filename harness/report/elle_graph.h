// Elle's anomalies (the JSON of `faultline check --model list-append
// --json`, elle_report.h) as HTML: per anomaly, its dependency cycle as a
// small SVG graph (transactions as nodes, edges labelled ww/wr/rw/process/
// realtime and the key) beside its text evidence. Used by `check --html`
// and by the run report for a checker whose details have this shape.
#pragma once

#include <string>

#include "harness/history/op.h"

namespace faultline {

// True when `value` has Elle's "anomalies" list.
bool is_elle_result(const Json& value);

// The section; "" when `result` is not an Elle result. Every value escaped.
std::string render_elle_anomalies(const Json& result);

}  // namespace faultline
