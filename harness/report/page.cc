// Page assembly: the sections in the order a person on call reads them.
#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

std::string verdict_word(const Json& valid) {
  return valid == true ? "valid" : valid == false ? "invalid" : compact_json(valid);
}

std::string checker_table(const Json& results) {
  const Json checkers = results.value("checkers", Json::array());
  if (!checkers.is_array() || checkers.empty()) return "<p class=\"warn\">No checker ran.</p>\n";
  std::string out = "<table><tr><th>checker</th><th>valid</th><th>summary</th></tr>";
  for (const Json& c : checkers) {
    if (!c.is_object()) continue;
    out += "<tr><td>" + html_escape(c.value("checker", std::string("?"))) + "</td><td>" +
           html_escape(verdict_word(c.value("valid", Json("unknown")))) +
           "</td><td><pre class=\"summary\">" +
           html_escape(compact_json(c.value("summary", Json("")), 2000)) + "</pre></td></tr>";
  }
  return out + "</table>\n";
}

int64_t concurrency_of(const Json& results) {
  const Json config = results.value("config", Json::object());
  if (!config.is_object() || !config.contains("concurrency") ||
      !config["concurrency"].is_number_integer())
    return 0;
  return config["concurrency"].get<int64_t>();
}

}  // namespace

std::string page_open(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
         // Nothing may be fetched: styles and the script are inline, links are navigation only.
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
         "'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n<meta name=\"viewport\" "
         "content=\"width=device-width\">\n<title>" +
         html_escape(title) + "</title>\n<style>" + std::string(page_css()) +
         "</style></head>\n<body>\n";
}

std::string page_close() {
  return "<div id=\"cursor\"></div>\n<script>" + std::string(page_js()) +
         "</script>\n</body></html>\n";
}

}  // namespace faultline::report_detail

namespace faultline {

std::string render_report(const Json& results_in, const OpTable& history,
                          const ReportContext& context) {
  using namespace report_detail;
  const Json results = results_in.is_object() ? results_in : Json::object();
  const RunData run = gather_run(history, concurrency_of(results));
  std::vector<int64_t> evidence_indices;
  const std::string evidence = render_evidence(results, history, run, &evidence_indices);
  const std::string test = results.value("test", std::string("(unnamed test)"));
  std::string verdict = results.value("verdict", std::string("?"));
  std::string page = page_open(verdict + ": " + test + " - faultline");
  page += render_banner(results, context);
  page += render_incident(results, history, context);
  page += render_alerts(results, history);
  if (!evidence.empty()) page += "<h2>Evidence</h2>\n" + evidence;
  page += "<h2>Availability, as the clients saw it</h2>\n" + render_availability(results, history);
  page +=
      "<h2>The run</h2>\n<label class=\"no-print\"><input type=\"checkbox\" id=\"hide-ok\"> hide "
      "ok ops</label>\n";
  page += render_run_timeline(run, evidence_indices);
  page += render_charts(run);
  page += "<h2>Checkers</h2>\n" + checker_table(results);
  page += "<h2>Ops</h2>\n" + render_op_counts(run);
  page += "<h2>Faults</h2>\n" + render_fault_list(run);
  page += render_details(results, context);
  page += render_notes(history, run);
  return page + page_close();
}

std::string render_report(const Json& results, const History& history,
                          const ReportContext& context) {
  return render_report(results, to_op_table(history), context);
}

}  // namespace faultline
