// The nemesis of one run as the run drives it: the ledger of applied faults,
// the plan, the runner, each op written to the history and logged as one line
// when it completes, and the stop (healing every fault) done exactly once.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "harness/db/db.h"
#include "harness/run/live_progress.h"
#include "harness/run/run_log.h"
#include "harness/run/run_nodes.h"
#include "harness/runner/history_writer.h"
#include "nemeses/fault_actions.h"
#include "nemeses/ledger.h"
#include "nemeses/nemesis_runner.h"
#include "nemeses/schedule.h"
#include "nemeses/schedule_plan.h"

namespace faultline {

class RunNemesis {
 public:
  RunNemesis(RunLog& log, LiveProgress& live) : log_(log), live_(live) {}

  // Opens the ledger at `ledger_path` and plans the schedule with the run's
  // seed. `nodes`, `db`, `variables` and `history` must outlive this.
  // Returns the error, if any.
  std::optional<std::string> prepare(const Schedule& schedule, uint64_t seed,
                                     std::chrono::milliseconds time_limit, const RunNodes& nodes,
                                     const Db& db, const std::vector<DbNodeVariables>& variables,
                                     const std::string& ledger_path, HistoryWriter& history);

  // Begins the plan (a no-op when nothing was prepared).
  void start(std::stop_token stop);

  struct Finished {
    Json json;                // results.json's "nemesis"
    size_t still_active = 0;  // faults the ledger holds after healing
  };
  // Stops the nemesis and heals every fault, once: later calls, and a run
  // without a nemesis, return nothing. Rethrows what the nemesis threw.
  std::optional<Finished> finish();

 private:
  void log_op(const Op& op);

  RunLog& log_;
  LiveProgress& live_;
  std::unique_ptr<Ledger> ledger_;
  Plan plan_;
  std::optional<FaultContext> fault_context_;
  std::optional<NemesisRunner> runner_;
  bool finished_ = false;
  std::map<std::string, Json> requests_;  // f invoked, not yet completed -> its value
};

}  // namespace faultline
