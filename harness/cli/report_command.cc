#include "harness/cli/report_command.h"

#include <iostream>
#include <memory>

#include "harness/cli/stored_run.h"
#include "harness/report/report.h"
#include "harness/report/run_files.h"
#include "harness/run/analysis.h"
#include "harness/run/results.h"

namespace faultline {
namespace {

constexpr int kExitUsage = 254;

int rebuild_report(const std::string& dir) {
  Result<Json, std::string> results = read_stored_results(dir);
  if (!results) {
    std::cerr << "faultline report: " << results.error() << "\n";
    return kExitUsage;
  }
  // The report draws the history: one that cannot be read is refused here
  // (the old report stays), with the line and column of what is wrong.
  Result<OpTable, std::string> history = read_run_history(dir);
  if (!history) {
    std::cerr << "faultline report: " << history.error() << "\n(`faultline analyze " << dir
              << "` checks what can be read of a history cut short)\n";
    return kExitUsage;
  }
  RunLog log(&std::cerr);
  write_text_views(dir, *results, log);
  if (auto error = write_report(dir, *results, *history)) {
    std::cerr << "faultline report: " << *error << "\n";
    return kExitHarnessFailed;
  }
  std::cout << "report:  " << dir << "/report.html\n"
            << "summary: " << dir << "/summary.md\n";
  return 0;
}

}  // namespace

std::function<int()> add_report_command(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("report", "Rebuild a stored run's report without checking");
  cmd->footer(
      "Reads STORE_DIR/results.json and history.jsonl and writes report.html,\n"
      "summary.md and junit.xml again from them, without checking the history\n"
      "(`faultline analyze` checks again). Exit status: 0 written, 254 STORE_DIR is\n"
      "not a run's folder or its files cannot be read, 255 a file cannot be written.");
  cmd->add_option("STORE_DIR", *dir, "A run's folder, such as store/latest")->required();
  return [dir] { return rebuild_report(*dir); };
}

}  // namespace faultline
