// Runs a workload with the runner against the clients a test gives, into a
// history file in the temp directory (removed afterwards), and reads the
// history back: the shared first half of end-to-end workload tests.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "harness/history/history.h"
#include "harness/runner/runner.h"

namespace faultline {

struct WorkloadRun {
  RunSummary summary;
  History history;
  std::string error;  // why the history could not be written or read; empty when fine
};

WorkloadRun run_to_history(const GeneratorOptions& options, std::unique_ptr<Workload> workload,
                           const ClientFactory& clients, const RunnerOptions& runner);

}  // namespace faultline
