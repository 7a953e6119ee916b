// The evidence, first thing after the verdict when a run is invalid: for each
// checker that did not say valid, what it found, the few ops that cannot be
// ordered (a table, by history index) and the states the model reached, and
// those ops on a small timeline.
#include <algorithm>
#include <climits>

#include "harness/report/elle_graph.h"
#include "harness/report/evidence_text.h"
#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

std::optional<Op> find_op(const OpTable& history, int64_t index) {
  if (std::optional<size_t> row = history.row_of_index(index)) return history.op(*row);
  return std::nullopt;
}

int64_t int_field(const Json& object, const char* name, int64_t fallback = -1) {
  if (!object.is_object() || !object.contains(name) || !object[name].is_number_integer())
    return fallback;
  return object[name].get<int64_t>();
}

std::string cell(const std::string& text, const char* cls = nullptr) {
  return cls ? "<td class=\"" + std::string(cls) + "\">" + html_escape(text) + "</td>"
             : "<td>" + html_escape(text) + "</td>";
}

std::string time_cell(const Json& op, const char* name) {
  const int64_t ns = int_field(op, name);
  return cell(ns >= 0 ? format_seconds(ns, 3) : "", "num");
}

// What came back: the outcome, the completion's value when it says more,
// and the error. From the history when it has the op, else from the evidence.
std::string result_text(const Json& op, const OpTable& history) {
  std::string text = op.value("type", std::string("?"));
  const std::optional<Op> complete = find_op(history, int_field(op, "complete_index"));
  const std::optional<Op> invoke = find_op(history, int_field(op, "invoke_index"));
  if (!complete) return int_field(op, "complete_index") < 0 ? "never completed" : text;
  text = std::string(to_string(complete->type));
  const std::optional<std::string> value =
      invoke ? completion_value_text(*invoke, *complete, 60)
             : std::optional<std::string>(value_text(complete->value, 60));
  if (value) text += " " + *value;
  if (!complete->error.is_null()) text += " (" + compact_json(complete->error, 80) + ")";
  return text;
}

std::string op_row(const Json& op, const std::string& role, const char* cls,
                   const OpTable& history) {
  const int64_t invoke = int_field(op, "invoke_index"), complete = int_field(op, "complete_index");
  const std::optional<Op> in = find_op(history, invoke);
  const Json& value = in ? in->value : op.contains("value") ? op["value"] : Json();
  std::string out = "<tr class=\"" + std::string(cls) + "\">" + cell(role);
  out += cell(std::to_string(invoke) + (complete >= 0 ? " → " + std::to_string(complete) : ""),
              "num idx");
  const int64_t line = int_field(op, "line");
  out += cell(line > 0 ? std::to_string(line) : "", "num");
  out += cell(std::to_string(int_field(op, "process")), "num");
  out += cell(op.value("f", std::string()));
  out += cell(value_text(value, 80), "mono");
  out += cell(result_text(op, history), "mono");
  out += time_cell(op, "time") + time_cell(op, "complete_time");
  out += cell(in ? in->node : "");
  return out + "</tr>\n";
}

const char* kEvidenceHeader =
    "<table class=\"evidence\"><tr><th>role</th><th>history #</th><th>line</th><th>process</th>"
    "<th>f</th><th>value</th><th>result</th><th>start s</th><th>end s</th><th>node</th></tr>\n";

std::string linearizability_evidence(const Json& details, const OpTable& history,
                                     const RunData& run, std::vector<int64_t>* indices) {
  const Json& ev = details["evidence"];
  const int64_t failed = int_field(ev.value("failed_op", Json::object()), "invoke_index");
  std::map<int64_t, std::string> linearized;  // invoke index -> state after it
  for (const Json& step : ev.value("last_linearized", Json::array()))
    linearized[int_field(step.value("op", Json::object()), "invoke_index")] =
        compact_json(step.value("state_after", Json()), 60);
  std::string out;
  const std::string key = ev.value("key", std::string());
  if (!key.empty())
    out += "<p>Key <code>" + html_escape(key) +
           "</code>: these ops cannot be put in any order that the model accepts.</p>\n";
  if (ev.contains("reason"))
    out += "<p class=\"reason\">" + html_escape(compact_json(ev["reason"], 400)) + "</p>\n";
  out += kEvidenceHeader;
  std::vector<int64_t> shown;
  for (const Json& op : ev.value("ops", Json::array())) {
    const int64_t index = int_field(op, "invoke_index");
    shown.push_back(index);
    if (index == failed)
      out += op_row(op, "cannot be linearized", "failed", history);
    else if (linearized.count(index))
      out += op_row(op, "linearized, then state " + linearized[index], "linearized", history);
    else
      out += op_row(op, "concurrent, not yet linearized", "concurrent", history);
  }
  out += "</table>\n";
  out += "<p>The longest order found linearized " +
         std::to_string(int_field(ev, "linearized_prefix_length", 0)) + " ops; then op #" +
         std::to_string(failed) +
         " could not take effect in any state reached:</p>\n<ul class=\"states\">";
  for (const Json& state : ev.value("states_before_failure", Json::array()))
    out += "<li><code>" + html_escape(compact_json(state, 200)) + "</code></li>";
  out += "</ul>\n";
  out += render_evidence_timeline(run, shown, failed, key);
  indices->insert(indices->end(), shown.begin(), shown.end());
  return out;
}

// An evidence item's history indices under the names the table reads
// ("index" and the set checker's "add_invoke_index" become "invoke_index").
Json with_indices(const Json& item) {
  Json op = item;
  if (!op.contains("invoke_index"))
    op["invoke_index"] =
        op.contains("add_invoke_index") ? op["add_invoke_index"] : op.value("index", Json(-1));
  if (!op.contains("complete_index") && op.contains("add_complete_index"))
    op["complete_index"] = op["add_complete_index"];
  return op;
}

bool names_an_op(const Json& item) {
  return item.is_object() && (item.contains("index") || item.contains("invoke_index") ||
                              item.contains("add_invoke_index"));
}

// Other checkers (set, counter, ...): any list of op objects with a history
// index is shown as a table under its name, the invalid key whose violation
// happened earliest first (invalid_keys(): the order junit.xml and the
// console use), each key's ops by time.
std::string generic_evidence(const Json& results, const Json& checker, const Json& details,
                             const OpTable& history, std::vector<int64_t>* indices) {
  std::map<std::string, size_t> rank;
  for (const std::string& key : invalid_keys(results, checker)) rank.emplace(key, rank.size());
  const auto key_rank = [&](const Json& op) {
    const Json key = op.value("key", Json());
    auto it = rank.find(key.is_string() ? key.get<std::string>() : key.dump());
    return it == rank.end() ? rank.size() : it->second;
  };
  const auto time_of = [&](const Json& op) {
    const std::optional<size_t> row = history.row_of_index(int_field(op, "invoke_index"));
    return row && history.time_ns(*row) >= 0 ? history.time_ns(*row) : INT64_MAX;
  };
  std::string out;
  for (const auto& [name, list] : details.items()) {
    if (!list.is_array() || list.empty() || !names_an_op(list[0])) continue;
    if (name == "recovered") continue;  // read late, but not lost: no violation
    std::vector<Json> ops;
    for (const Json& item : list)
      if (item.is_object()) ops.push_back(with_indices(item));
    std::stable_sort(ops.begin(), ops.end(), [&](const Json& a, const Json& b) {
      const size_t ra = key_rank(a), rb = key_rank(b);
      return ra != rb ? ra < rb : time_of(a) < time_of(b);
    });
    out += "<h4>" + html_escape(name) + " (" + std::to_string(list.size()) + ")</h4>\n" +
           kEvidenceHeader;
    for (size_t row = 0; row < ops.size() && row < 50; ++row) {
      indices->push_back(int_field(ops[row], "invoke_index"));
      out += op_row(ops[row], name, "concurrent", history);
    }
    out += "</table>\n";
    if (list.size() > 50)
      out += "<p class=\"note\">First 50 of " + std::to_string(list.size()) + " shown.</p>\n";
  }
  return out;
}

std::string other_parts(const Json& results, const Json& checker, const Json& details) {
  // Earliest violation first, as everywhere (invalid_keys()).
  std::vector<std::string> invalid = invalid_keys(results, checker), unknown;
  for (const Json& part : details.value("partitions", Json::array())) {
    const Json valid = part.value("valid", Json());
    const std::string key = part.value("key", std::string("(whole history)"));
    if (valid == false) {
      if (std::find(invalid.begin(), invalid.end(), key) == invalid.end()) invalid.push_back(key);
    } else if (valid == "unknown" && part.value("checked", true))
      unknown.push_back(key + (part.contains("unknown_reason")
                                   ? " (" + compact_json(part["unknown_reason"]) + ")"
                                   : ""));
  }
  std::string out;
  const Json counts = details.value("partition_counts", Json::object());
  auto list = [](const std::vector<std::string>& keys) {
    std::string text;
    for (size_t i = 0; i < keys.size() && i < 20; ++i) text += (i ? ", " : "") + keys[i];
    return text + (keys.size() > 20 ? ", ..." : "");
  };
  if (!invalid.empty() && int_field(counts, "total", 0) > 1)
    out += "<p>Keys not linearizable: " +
           std::to_string(int_field(counts, "invalid", static_cast<int64_t>(invalid.size()))) +
           " of " + std::to_string(int_field(counts, "total", 0)) + " (" +
           html_escape(list(invalid)) + "); the evidence below is for the first.</p>\n";
  if (!unknown.empty())
    out += "<p class=\"warn\">Undecided keys: " + html_escape(list(unknown)) + "</p>\n";
  if (const int64_t not_checked = int_field(counts, "not_checked", 0); not_checked > 0)
    out += "<p>Keys not checked (an earlier key was invalid): " + std::to_string(not_checked) +
           " of " + std::to_string(int_field(counts, "total", 0)) + ".</p>\n";
  return out;
}

std::string checker_section(const Json& results, const Json& checker, size_t number,
                            const OpTable& history, const RunData& run,
                            std::vector<int64_t>* indices) {
  const Json valid = checker.value("valid", Json("unknown"));
  const std::string verdict = valid == true ? "valid" : valid == false ? "invalid" : "unknown";
  const std::string name = checker.value("checker", std::string("checker"));
  const Json details = checker.value("details", Json::object());
  std::string out = "<section class=\"checker " + verdict + "\"><h3>" + html_escape(name) + ": " +
                    verdict + "</h3>\n";
  if (checker.contains("summary"))
    out += "<pre class=\"summary\">" + html_escape(compact_json(checker["summary"], 4000)) +
           "</pre>\n";
  if (details.is_object()) {
    out += other_parts(results, checker, details);
    if (details.contains("error"))
      out += "<p class=\"warn\">" + html_escape(compact_json(details["error"], 400)) + "</p>\n";
    if (is_elle_result(details))
      out += render_elle_anomalies(details);
    else if (details.contains("evidence") && details["evidence"].is_object())
      out += linearizability_evidence(details, history, run, indices);
    else
      out += generic_evidence(results, checker, details, history, indices);
  }
  const std::string id = "checker-json-" + std::to_string(number);
  out += "<details class=\"raw\" data-json=\"" + id +
         "\"><summary>The checker's JSON</summary><pre></pre></details>\n"
         "<script type=\"application/json\" id=\"" +
         id + "\">" + json_for_script(details) + "</script>\n";
  return out + "</section>\n";
}

}  // namespace

std::string render_evidence(const Json& results, const OpTable& history, const RunData& run,
                            std::vector<int64_t>* evidence_indices) {
  // The checker whose violation happened first leads; the others keep their order.
  const std::optional<Violation> first = earliest_violation(results);
  std::vector<std::pair<size_t, const Json*>> shown;
  size_t number = 0;
  const auto checkers = results.find("checkers");
  if (checkers == results.end() || !checkers->is_array()) return "";
  for (const Json& checker : *checkers) {
    ++number;
    if (checker.is_object() && checker.value("valid", Json()) != true)
      shown.emplace_back(number, &checker);
  }
  if (first)
    std::stable_partition(shown.begin(), shown.end(),
                          [&](const auto& entry) { return entry.second == first->checker; });
  std::string out;
  for (const auto& [index, checker] : shown)
    out += checker_section(results, *checker, index, history, run, evidence_indices);
  return out;
}

}  // namespace faultline::report_detail
