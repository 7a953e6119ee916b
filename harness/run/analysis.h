// The end of every run, and all of `faultline analyze`: read the stored
// history back, check it with the workload's checkers, and write
// results.json and report.html into the store.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/history/op.h"
#include "harness/run/run_log.h"
#include "workloads/check_history.h"

namespace faultline {

// Checks `history_path` with the checker of `workload` (catalog.h). A history
// that cannot be read or a workload with no checker gives no outcome and an
// error in results["errors"]. The history is read into a compact table
// (op_table.h); when `read` is given, it is moved into it (reading a big
// history again for the report would double the time).
std::vector<CheckOutcome> check_stored_history(const std::string& history_path,
                                               const std::string& workload, Json& results,
                                               const CheckLimits& limits = {},
                                               std::optional<OpTable>* read = nullptr);

// junit.xml and summary.md of `results` in `dir`; a failure is a warning
// in the log (results.json and report.html are what the run must keep).
void write_text_views(const std::string& dir, const Json& results, RunLog& log);

// Sets the verdict from `outcomes`, writes `dir`/results.json, junit.xml,
// summary.md and report.html; failures to write results.json or the report
// land in results["errors"], all of them in the log. The report draws
// `history` when given (the one check_stored_history read), else it reads
// `dir`/history.jsonl itself.
void finish_results(const std::string& dir, Json& results,
                    const std::vector<CheckOutcome>& outcomes, RunLog& log,
                    const OpTable* history = nullptr);

// What the person at the terminal reads at the end: each checker's summary,
// then the verdict and where the results are.
void print_verdict(std::ostream& out, const std::string& dir, const Json& results);

}  // namespace faultline
