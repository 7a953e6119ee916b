// Reading a stored run back (docs/store.md): results.json and history.jsonl,
// each error naming the file and, for bad content, the line and column. Used
// by the report writer, `faultline report` and `faultline analyze`.
#pragma once

#include <string>

#include "harness/base/result.h"
#include "harness/history/history.h"
#include "harness/history/op.h"
#include "harness/history/op_table.h"

namespace faultline {

// `store_dir`/results.json as a JSON object. Errors: "DIR: no such folder",
// "DIR/results.json: cannot open: ... (is DIR a run's folder, such as
// store/latest?)", "DIR/results.json:3:5: not valid JSON: ...", "...: expected
// a JSON object, found array".
Result<Json, std::string> read_run_results(const std::string& store_dir);

// `store_dir`/history.jsonl, as a compact table (op_table.h); a missing or
// unreadable file, or a line that is not an op, is an error with file:line:col.
Result<OpTable, std::string> read_run_history(const std::string& store_dir);

}  // namespace faultline
