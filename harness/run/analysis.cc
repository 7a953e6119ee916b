#include "harness/run/analysis.h"

#include <algorithm>

#include "checkers/elle/anomaly.h"
#include "harness/base/text_file.h"
#include "harness/history/history_counts.h"
#include "harness/history/history_parts.h"
#include "harness/report/availability.h"
#include "harness/report/evidence_times.h"
#include "harness/report/report.h"
#include "harness/run/availability_text.h"
#include "harness/run/junit.h"
#include "harness/run/results.h"
#include "harness/run/summary_md.h"
#include "workloads/catalog.h"

namespace faultline {
namespace {

// Why the history holds fewer client ops than the run counted as it ran
// (results["run"]), or nothing: a history cut or emptied after the run
// cannot vouch for the ops it lost.
std::optional<std::string> missing_ops(const HistoryCounts& counts, const Json& results) {
  if (!results.contains("run") || !results["run"].is_object()) return std::nullopt;
  const int64_t invoked = results["run"].value("invoked", int64_t{0});
  const int64_t completed = results["run"].value("ok", int64_t{0}) +
                            results["run"].value("failed", int64_t{0}) +
                            results["run"].value("indeterminate", int64_t{0});
  if (counts.client_invocations >= invoked && counts.client_completions >= completed) {
    return std::nullopt;
  }
  return "the history holds " + std::to_string(counts.client_invocations) +
         " client ops invoked and " + std::to_string(counts.client_completions) +
         " completed, but the run recorded " + std::to_string(invoked) + " and " +
         std::to_string(completed) +
         " (results.json): ops are missing from history.jsonl (cut or emptied after the run?)";
}

// The Elle settings the run was made with, from results["config"]
// (initial_results in results.h writes them).
ElleChoice elle_settings_of(const Json& results) {
  const Json config = results.value("config", Json::object());
  ElleChoice elle;
  elle.realtime = config.value("elle_realtime", false);
  elle.process_order = config.value("elle_process_order", false);
  const std::string expect = config.value("elle_expect", "");
  const std::vector<std::string> models = elle::consistency_model_names();
  if (std::find(models.begin(), models.end(), expect) != models.end()) elle.expect = expect;
  return elle;
}

}  // namespace

std::vector<CheckOutcome> check_stored_history(const std::string& history_path,
                                               const std::string& workload, Json& results,
                                               const CheckLimits& limits,
                                               std::optional<OpTable>* read) {
  std::optional<CheckerChoice> choice = checker_for(workload);
  if (!choice) {
    add_error(results, "no checker for the workload '" + workload + "'");
    return {};
  }
  if (choice->checker == "elle") choice->elle = elle_settings_of(results);
  Parsed<OpTable> history = read_jsonl_op_table(history_path);
  if (!history) {
    add_error(results, "cannot read the history: " + history.error().to_string());
    return {};
  }
  for (const HistoryNote& note : history->notes) {
    results["notes"].push_back(format_location(note.where) + ": " + note.message);
  }
  if (std::optional<std::string> missing = missing_ops(count_ops(*history), results)) {
    limit_verdict(results, *missing);
  }
  results["availability"] =
      availability_to_json(measure_availability(*history, phase_starts_of(results)));
  CheckOutcome outcome = check_history(*history, *choice, limits);
  results["op_times_s"] = evidence_op_times({outcome.details}, *history);
  if (read) *read = std::move(*history);
  return {std::move(outcome)};
}

void write_text_views(const std::string& dir, const Json& results, RunLog& log) {
  if (auto error = write_file_atomically(dir + "/junit.xml", junit_xml(results))) {
    log.echo("warning: cannot write junit.xml: " + *error);
  }
  if (auto error = write_file_atomically(dir + "/summary.md", summary_markdown(results, dir))) {
    log.echo("warning: cannot write summary.md: " + *error);
  }
}

void finish_results(const std::string& dir, Json& results,
                    const std::vector<CheckOutcome>& outcomes, RunLog& log,
                    const OpTable* history) {
  set_verdict(results, outcomes);
  const std::string text = results.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  if (auto error = write_file_atomically(dir + "/results.json", text)) {
    log.echo("error: cannot write results.json: " + *error);
    add_error(results, "cannot write results.json: " + *error);
    set_verdict(results, outcomes);
    return;
  }
  write_text_views(dir, results, log);
  if (auto error = history ? write_report(dir, results, *history) : write_report(dir)) {
    log.echo("error: cannot write the report: " + *error);
    add_error(results, "cannot write the report: " + *error);
    set_verdict(results, outcomes);
    // results.json again, so it says the report is missing.
    write_file_atomically(dir + "/results.json",
                          results.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
  }
}

void print_verdict(std::ostream& out, const std::string& dir, const Json& results) {
  if (std::string block = availability_block(results.value("availability", Json())); !block.empty())
    out << block << "\n";
  for (const Json& checker : results["checkers"]) {
    out << checker.value("summary", "") << "\n";
  }
  for (const Json& error : results["errors"]) out << "error: " << error.get<std::string>() << "\n";
  for (const std::string& error : fault_errors(results)) out << "fault error: " << error << "\n";
  if (results.contains("unknown_because")) {
    out << "unknown because " << results["unknown_because"].get<std::string>() << "\n";
  } else {
    // An invalid verdict stands, but what the check could not see is still worth knowing.
    for (const Json& reason : results.value("verdict_limits", Json::array()))
      out << "note: " << (reason.is_string() ? reason.get<std::string>() : reason.dump()) << "\n";
  }
  out << "\n"
      << verdict_headline(results) << "  " << results.value("test", "") << "  seed "
      << results.value("seed", Json(0)).dump() << "\n"
      << "results: " << dir << "/results.json\n"
      << "report:  " << dir << "/report.html\n";
}

}  // namespace faultline
