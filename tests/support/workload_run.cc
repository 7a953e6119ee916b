#include "tests/support/workload_run.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>

#include "harness/history/history_reader.h"

namespace faultline {
namespace {

std::string fresh_history_path() {
  static std::atomic<int> next{0};  // distinct files for runs within one test process
  return (std::filesystem::temp_directory_path() /
          ("faultline-workload-run-" + std::to_string(getpid()) + "-" +
           std::to_string(next.fetch_add(1)) + ".jsonl"))
      .string();
}

}  // namespace

WorkloadRun run_to_history(const GeneratorOptions& options, std::unique_ptr<Workload> workload,
                           const ClientFactory& clients, const RunnerOptions& runner) {
  WorkloadRun run;
  const std::string path = fresh_history_path();
  Generator generator(options, std::move(workload));
  auto writer = HistoryWriter::open(path, RunClock());
  if (!writer.ok()) {
    run.error = writer.error();
    return run;
  }
  const RunHooks quiet{{}, [](const std::string&) {}};
  run.summary = run_workload(generator, clients, **writer, runner, quiet);
  if (std::optional<std::string> problem = (*writer)->close()) run.error = *problem;
  auto history = read_history_file(path, HistoryFormat::kJsonl);
  std::filesystem::remove(path);
  if (!history.ok()) {
    run.error = history.error().message;
    return run;
  }
  run.history = std::move(*history);
  return run;
}

}  // namespace faultline
