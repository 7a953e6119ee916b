#include "harness/report/check_page.h"

#include "harness/report/report_parts.h"

namespace faultline {
namespace {

std::string verdict_word(const Json& valid) {
  return valid == Json(true) ? "valid" : valid == Json(false) ? "invalid" : "unknown";
}

std::string history_section(const CheckedHistory& checked) {
  using namespace report_detail;
  const std::string verdict = verdict_word(checked.result.value("valid", Json("unknown")));
  std::string out = "<section class=\"checked-file\"><h2>" + html_escape(checked.file) +
                    ": <span class=\"verdict-word\">" + verdict + "</span></h2>\n";
  if (verdict == "valid") {
    out += "<p>No violation found in this history (" + html_escape(checked.checker) +
           "). Another history may still show one.</p>\n<pre class=\"summary\">" +
           html_escape(checked.summary) + "</pre>\n";
    return out + "</section>\n";
  }
  const Json results = {
      {"checkers", Json::array({{{"checker", checked.checker},
                                 {"valid", checked.result.value("valid", Json("unknown"))},
                                 {"summary", checked.summary},
                                 {"details", checked.result}}})}};
  const OpTable table = to_op_table(checked.history);
  const RunData run = gather_run(table, 0);
  std::vector<int64_t> shown;
  out += render_evidence(results, table, run, &shown);
  return out + "</section>\n";
}

}  // namespace

std::string render_check_page(const std::vector<CheckedHistory>& checked) {
  using namespace report_detail;
  size_t invalid = 0;
  for (const CheckedHistory& c : checked) invalid += c.result.value("valid", Json()) == Json(false);
  std::string page = page_open("faultline check: " + std::to_string(checked.size()) + " file(s)");
  page += "<h1>faultline check</h1>\n<p>" + std::to_string(checked.size()) +
          " history file(s) checked; " + std::to_string(invalid) +
          " with a violation observed.</p>\n";
  for (const CheckedHistory& c : checked) page += history_section(c);
  return page + page_close();
}

}  // namespace faultline
