// A run's folder as `analyze` and `report` take it: results.json must be a
// faultline results file. One reader, one set of error messages.
#pragma once

#include <string>

#include "harness/base/result.h"
#include "harness/history/op.h"

namespace faultline {

// `dir`/results.json, or why `dir` is not a stored run (the file, and line
// and column for JSON that does not parse).
Result<Json, std::string> read_stored_results(const std::string& dir);

}  // namespace faultline
