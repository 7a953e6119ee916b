#include "harness/run/analysis.h"

#include "harness/history_reader.h"
#include "harness/report/report.h"
#include "harness/run/junit.h"
#include "harness/run/results.h"
#include "harness/text_file.h"
#include "workloads/catalog.h"

namespace faultline {

std::vector<CheckOutcome> check_stored_history(const std::string& history_path,
                                               const std::string& workload, Json& results,
                                               const CheckLimits& limits) {
  std::optional<CheckerChoice> choice = checker_for(workload);
  if (!choice) {
    add_error(results, "no checker for the workload '" + workload + "'");
    return {};
  }
  Parsed<History> history = read_history_file(history_path, HistoryFormat::kJsonl);
  if (!history && history.error().message.find("the last line has no newline") != std::string::npos) {
    // A crash in the middle of writing an op: every whole line still counts.
    Result<std::string, FileError> text = read_text_file(history_path);
    if (text) {
      text->erase(text->rfind('\n') == std::string::npos ? 0 : text->rfind('\n') + 1);
      history = read_history_text(*text, history_path, HistoryFormat::kJsonl);
      if (history) {
        results["notes"].push_back("the history's last line was cut off (the run stopped while "
                                   "writing it): it was left out");
      }
    }
  }
  if (!history) {
    add_error(results, "cannot read the history: " + history.error().to_string());
    return {};
  }
  return {check_history(*history, *choice, limits)};
}

void finish_results(const std::string& dir, Json& results,
                    const std::vector<CheckOutcome>& outcomes, RunLog& log) {
  set_verdict(results, outcomes);
  const std::string text = results.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  if (auto error = write_file_atomically(dir + "/results.json", text)) {
    log.echo("error: cannot write results.json: " + *error);
    add_error(results, "cannot write results.json: " + *error);
    set_verdict(results, outcomes);
    return;
  }
  if (auto error = write_file_atomically(dir + "/junit.xml", junit_xml(results))) {
    log.echo("warning: cannot write junit.xml: " + *error);
  }
  if (auto error = write_report(dir)) {
    log.echo("error: cannot write the report: " + *error);
    add_error(results, "cannot write the report: " + *error);
    set_verdict(results, outcomes);
    // results.json again, so it says the report is missing.
    write_file_atomically(dir + "/results.json",
                          results.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
  }
}

void print_verdict(std::ostream& out, const std::string& dir, const Json& results) {
  for (const Json& checker : results["checkers"]) {
    out << checker.value("summary", "") << "\n";
  }
  for (const Json& error : results["errors"]) out << "error: " << error.get<std::string>() << "\n";
  for (const std::string& error : fault_errors(results)) out << "fault error: " << error << "\n";
  if (results.contains("unknown_because")) {
    out << "unknown because of " << results["unknown_because"].get<std::string>() << "\n";
  }
  out << "\n"
      << verdict_headline(results) << "  " << results.value("test", "") << "  seed "
      << results.value("seed", Json(0)).dump() << "\n"
      << "results: " << dir << "/results.json\n"
      << "report:  " << dir << "/report.html\n";
}

}  // namespace faultline
