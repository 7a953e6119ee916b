// One run of a test, end to end: store folder, nodes (a local cluster made
// for the run when the test says `local: N`), the database on every node,
// clients and nemesis together, heal, logs, teardown, check, results and
// report. Whatever fails, and on Ctrl-C, every fault is healed, what was
// recorded stays in the store, and the nodes are left as they were found
// (unless --leave-db-running).
#pragma once

#include <chrono>
#include <functional>
#include <ostream>
#include <stop_token>
#include <string>

#include "harness/config/test_file.h"
#include "harness/history/op.h"
#include "harness/run/live_progress.h"
#include "harness/run/run_progress.h"

namespace faultline {

struct RunOptions {
  std::string store_root = "store";
  bool leave_db_running = false;  // keep the db (and a local cluster) up after the run
  std::chrono::milliseconds op_timeout{5'000};    // an op not answered by then is info
  std::chrono::milliseconds quiesce{5'000};       // after healing, before the final reads
  std::chrono::milliseconds ready_limit{60'000};  // for the db to serve on every node
  // Shares what the run made with an exit at once (run_progress.h); the run
  // uses one of its own when null.
  RunProgress* progress = nullptr;
  // The signal that requested the stop (0: none or unknown), for the exit
  // code of an interrupted run: 128 + it (130 when unknown).
  std::function<int()> stop_signal;
  // The live progress line on `terminal` (live_progress.h): kTty redraws one
  // line, kPlain prints one every 10 s, kOff (or kAuto, resolved by the
  // caller who knows the terminal) none.
  ProgressMode live_progress = ProgressMode::kOff;
  size_t terminal_width = 0;  // cut the redrawn line to this (0: no cut)
};

struct RunOutcome {
  std::string dir;  // the store folder; empty when none could be made
  Json results;     // results.json as written
  int exit_code = 255;
};

// `original_text` is the text of test.path (for test.yaml as run). Progress
// and the verdict go to `terminal`; `stop` (an InterruptGuard's) ends the run
// early, still healing, storing and checking what was recorded.
RunOutcome run_test(const TestFile& test, const std::string& original_text,
                    const RunOptions& options, std::ostream& terminal, std::stop_token stop);

}  // namespace faultline
