// `faultline analyze STORE_DIR`: checks a stored run's history again (also
// one a crash or Ctrl-C cut short) and rewrites results.json and the report.
#include <iostream>
#include <memory>

#include "harness/base/text_file.h"
#include "harness/cli/run_command.h"
#include "harness/cli/stored_run.h"
#include "harness/run/analysis.h"
#include "harness/run/results.h"
#include "harness/run/run_index.h"

namespace faultline {
namespace {

constexpr int kExitUsage = 254;

struct AnalyzeArgs {
  std::string dir;
  bool all_keys = false;
};

int analyze(const AnalyzeArgs& args) {
  const std::string& dir = args.dir;
  Result<Json, std::string> stored = read_stored_results(dir);
  if (!stored) {
    std::cerr << "faultline analyze: " << stored.error() << "\n";
    return kExitUsage;
  }
  Json results = std::move(*stored);
  const std::string workload = results["config"].value("workload", "");
  // Errors of the run stay; those of an earlier analysis are made again.
  results["errors"] = results.value("run_errors", Json::array());
  results["verdict_limits"] = results.value("run_verdict_limits", Json::array());
  // A run that crashed never wrote "finished": what it recorded is a part.
  if (!results.contains("finished")) results["interrupted"] = true;
  RunLog log(&std::cerr);
  log.open(dir + "/faultline.log");
  log.line("analyze: checking the history again");
  CheckLimits limits;
  limits.all_keys = args.all_keys;
  std::optional<OpTable> history;
  std::vector<CheckOutcome> outcomes =
      check_stored_history(dir + "/history.jsonl", workload, results, limits, &history);
  finish_results(dir, results, outcomes, log, history ? &*history : nullptr);
  if (auto error = record_run_in_index(dir, results)) {
    log.echo("warning: cannot add the run to the store's index: " + *error);
  }
  print_verdict(std::cout, dir, results);
  return results.value("exit_code", kExitHarnessFailed);
}

}  // namespace

std::function<int()> add_analyze_command(CLI::App& app) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* cmd = app.add_subcommand("analyze", "Check a stored run again");
  cmd->footer(
      "Reads STORE_DIR/history.jsonl (also from a run that was interrupted or\n"
      "crashed), checks it with the workload's checker, and rewrites results.json\n"
      "and report.html. Exit status as `run`.");
  cmd->add_option("STORE_DIR", args->dir, "A run's folder, such as store/latest")->required();
  cmd->add_flag("--all-keys", args->all_keys,
                "Check every key; by default the first invalid key stops the others");
  return [args] { return analyze(*args); };
}

}  // namespace faultline
