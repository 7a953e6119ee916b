// Runs a workload: `concurrency` worker threads, each with its own Client
// bound to one node, take ops from the Generator (one lock around it: the
// run's single scheduling point), invoke them, and append the invocation and
// its completion to the HistoryWriter.
//
// Logical processes (Jepsen's): worker w starts as process w. An op that ends
// in info may still take effect at any later time, so its process never
// invokes again: the worker goes on as process p + concurrency.
//
// Phases (generator.h): between two phases the runner waits until no op is in
// flight, then calls RunHooks::on_phase with the phase about to begin; the
// workers resume when it returns. The caller starts the nemesis at kMain and
// heals it at kQuiesce.
//
// Stopping: when `stop` is requested (Ctrl-C) no new op starts, ops in flight
// end as their clients return them (info after their deadline at the latest),
// and run_workload() returns; no further hooks are called (the caller's
// teardown heals). run_workload() blocks until every worker has ended.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "harness/runner/client.h"
#include "harness/runner/generator.h"
#include "harness/runner/history_writer.h"
#include "harness/runner/live_counts.h"

namespace faultline {

struct RunnerOptions {
  std::vector<std::string> nodes;  // worker w talks to nodes[w % nodes.size()]; not empty
  std::chrono::nanoseconds op_timeout = std::chrono::seconds(5);  // each op's deadline
};

struct RunHooks {
  // Called on the run_workload() thread as `phase` begins, with no op in
  // flight. May take its time (healing a partition); the workers wait.
  std::function<void(Phase phase)> on_phase;
  // A human log line (a client threw, a worker gave up). Default: stderr.
  // Called from worker threads, so it must be thread-safe.
  std::function<void(const std::string& line)> log;
  // When set, each client op is counted here as it is invoked and as it
  // completes (ok, fail or info), for a live progress display.
  LiveCounts* live = nullptr;
};

struct RunSummary {
  int64_t invoked = 0;  // client ops invoked
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t indeterminate = 0;     // info, including client exceptions
  int64_t client_errors = 0;     // clients that threw
  int workers_lost = 0;          // workers that ended early: their client could not be opened
  bool stopped = false;          // `stop` was requested before the run ended
  Phase reached = Phase::kMain;  // the last phase that began
};

// Throws std::invalid_argument when `options.nodes` is empty.
RunSummary run_workload(Generator& generator, const ClientFactory& open_client,
                        HistoryWriter& history, const RunnerOptions& options, const RunHooks& hooks,
                        std::stop_token stop = {});

}  // namespace faultline
