// The top of the page: the verdict in a big coloured banner, what ran, when,
// for how long, with which seed, the one-line reason, the commands to check
// it again and to replay it; then anything that needs attention at once
// (faults still active, fault and harness errors, an interrupted run).
#include <cctype>

#include "harness/remote/shell.h"
#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

std::string first_line(const Json& value) {
  std::string text = compact_json(value, 400);
  if (size_t nl = text.find('\n'); nl != std::string::npos) text.resize(nl);
  return text;
}

std::string verdict_of(const Json& results) {
  const std::string verdict = results.value("verdict", std::string());
  if (verdict == "valid" || verdict == "invalid" || verdict == "unknown" || verdict == "error")
    return verdict;
  const Json valid = results.value("valid", Json());
  return valid == true ? "valid" : valid == false ? "invalid" : "error";
}

std::string reason(const Json& results, const std::string& verdict) {
  const Json checkers = results.value("checkers", Json::array());
  const Json errors = results.value("errors", Json::array());
  if (verdict == "error" && errors.is_array() && !errors.empty()) return first_line(errors[0]);
  if (verdict == "unknown" && results.contains("unknown_because"))
    return first_line(results["unknown_because"]);
  const Json wanted = verdict == "valid"     ? Json(true)
                      : verdict == "invalid" ? Json(false)
                                             : Json("unknown");
  for (const Json& checker : checkers) {
    if (!checker.is_object() || checker.value("valid", Json()) != wanted) continue;
    return checker.value("checker", std::string("checker")) + ": " +
           first_line(checker.value("summary", Json("")));
  }
  if (results.value("interrupted", false)) return "interrupted before the end";
  if (checkers.is_array() && checkers.empty()) return "no checker ran";
  return "";
}

std::string when(const Json& results) {
  // Hand-edited or hostile results.json: a field of another type shows as "?".
  auto text_of = [&](const char* key) {
    return results.contains(key) && results[key].is_string() ? results[key].get<std::string>()
                                                             : std::string("?");
  };
  std::string text = text_of("started");
  if (results.contains("finished")) text += " → " + text_of("finished");
  if (results.contains("seconds") && results["seconds"].is_number())
    text += " · " + fixed(results["seconds"].get<double>(), 1) + " s";
  if (results.contains("seed")) text += " · seed " + compact_json(results["seed"]);
  return text;
}

std::string alert_list(const Json& list, const std::string& title) {
  if (!list.is_array() || list.empty()) return "";
  std::string out = "<li><b>" + html_escape(title) + "</b><ul>";
  for (const Json& item : list)
    out += "<li><code>" + html_escape(compact_json(item, 600)) + "</code></li>";
  return out + "</ul></li>";
}

}  // namespace

std::string render_banner(const Json& results, const ReportContext& context) {
  const std::string verdict = verdict_of(results);
  std::string upper = verdict;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string out = "<header class=\"banner " + verdict + "\"><div class=\"verdict\">" + upper +
                    "</div><div class=\"what\"><h1>" +
                    html_escape(results.value("test", std::string("(unnamed test)"))) + "</h1><p>" +
                    html_escape(when(results)) + "</p><p class=\"reason\">" +
                    html_escape(reason(results, verdict)) + "</p></div></header>\n";
  const std::string dir =
      context.store_dir.empty() ? "<store dir>" : shell_quote(context.store_dir);
  const std::string replay = replay_command(results, context.store_dir);
  out += "<div class=\"commands\"><div>Check again: <code>" +
         html_escape("faultline analyze " + dir) + "</code></div><div>Replay: <code>" +
         html_escape(replay) + "</code></div></div>\n";
  return out;
}

std::string render_alerts(const Json& results, const OpTable& history) {
  std::string items;
  const Json nemesis = results.value("nemesis", Json::object());
  if (nemesis.is_object()) {
    items += alert_list(nemesis.value("still_active", Json::array()),
                        "Faults still active after the final heal: the nodes may still be broken");
    items +=
        alert_list(nemesis.value("errors", Json::array()), "Faults that failed to apply or heal");
  }
  items += alert_list(results.value("errors", Json::array()), "Harness errors");
  if (results.value("interrupted", false))
    items +=
        "<li><b>The run was interrupted</b> (Ctrl-C, SIGTERM, SIGHUP or SIGQUIT): the history "
        "is shorter than "
        "planned.</li>";
  const Json run = results.value("run", Json::object());
  for (const char* field : {"workers_lost", "client_errors"}) {
    if (run.is_object() && run.contains(field) && run[field].is_number() &&
        run[field].get<double>() > 0)
      items += "<li><b>" + std::string(field) + "</b>: " + html_escape(compact_json(run[field])) +
               "</li>";
  }
  for (size_t i = 0; i < history.notes.size() && i < 3; ++i)
    items += "<li>History: " + html_escape(history.notes[i].message) + "</li>";
  if (history.notes.size() > 3)
    items +=
        "<li>... " + std::to_string(history.notes.size() - 3) + " more history notes below.</li>";
  if (items.empty()) return "";
  return "<section class=\"alerts\"><h2>Needs attention</h2><ul>" + items + "</ul></section>\n";
}

}  // namespace faultline::report_detail

namespace faultline {

std::string replay_command(const Json& results, const std::string& store_dir) {
  std::string replay =
      "faultline run " +
      (store_dir.empty() ? "<store dir>/test.yaml" : shell_quote(store_dir + "/test.yaml"));
  if (results.contains("seed"))
    replay += " --seed " + results["seed"].dump(-1, ' ', false, Json::error_handler_t::replace);
  return replay;
}

}  // namespace faultline
