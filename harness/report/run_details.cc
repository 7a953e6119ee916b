// The details under the pictures: op counts by f and outcome, the faults one
// by one, the nemesis plan, the settings, the nodes with their log files, and
// links to the store's own files. Links are relative: the page lives in the
// store directory beside them.
#include <array>
#include <map>

#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

constexpr size_t kMaxPlanRows = 200;
constexpr size_t kMaxNotes = 50;

std::string td(const std::string& text, const char* cls = nullptr) {
  return std::string(cls ? "<td class=\"" + std::string(cls) + "\">" : "<td>") + html_escape(text) +
         "</td>";
}

std::string link(const std::string& href_path, const std::string& text) {
  return "<a href=\"" + html_escape(href_path) + "\">" + html_escape(text) + "</a>";
}

std::string key_value_table(const Json& object) {
  std::string out = "<table class=\"kv\">";
  for (const auto& [name, value] : object.items())
    out +=
        "<tr><th>" + html_escape(name) + "</th>" + td(compact_json(value, 300), "mono") + "</tr>";
  return out + "</table>\n";
}

std::string plan_table(const Json& plan) {
  const Json events = plan.value("events", Json::array());
  if (!events.is_array() || events.empty()) return "<p>The plan has no faults.</p>\n";
  std::string out =
      "<table><tr><th>at "
      "s</th><th>phase</th><th>fault</th><th>kind</th><th>target</th><th>params</th></tr>";
  size_t rows = 0;
  for (const Json& e : events) {
    if (++rows > kMaxPlanRows || !e.is_object()) break;
    const double at = e.value("at_ms", 0.0) / 1000;
    out += "<tr>" + td(fixed(at, 1), "num") + td(e.value("phase", std::string())) +
           td(compact_json(e.value("fault", Json()))) + td(e.value("kind", std::string())) +
           td(e.value("target", std::string())) +
           td(compact_json(e.value("params", Json()), 200), "mono") + "</tr>";
  }
  out += "</table>\n";
  if (events.size() > kMaxPlanRows)
    out += "<p class=\"note\">First " + std::to_string(kMaxPlanRows) + " events of " +
           std::to_string(events.size()) + ".</p>";
  return out;
}

std::string node_rows(const Json& results, const ReportContext& context) {
  std::map<std::string, std::string> address;
  for (const Json& node : results.value("nodes", Json::array()))
    if (node.is_object())
      address[node.value("name", std::string("?"))] = node.value("address", std::string());
  for (const auto& [node, files] : context.node_files) address.emplace(node, "");
  std::string out;
  for (const auto& [node, addr] : address) {
    const std::string dir = "nodes/" + percent_encode_segment(node) + "/";
    std::string logs = link(dir, "nodes/" + node + "/");
    if (auto it = context.node_files.find(node); it != context.node_files.end())
      for (const std::string& file : it->second)
        logs += " · " + link(dir + percent_encode_segment(file), file);
    out += "<tr>" + td(node) + td(addr, "mono") + "<td>" + logs + "</td></tr>";
  }
  return out.empty()
             ? ""
             : "<table><tr><th>node</th><th>address</th><th>logs</th></tr>" + out + "</table>\n";
}

}  // namespace

std::string render_op_counts(const RunData& run) {
  std::map<std::string, std::array<int64_t, 4>> by_f;  // ok, fail, info, never completed
  for (const ClientOp& op : run.ops) {
    auto& c = by_f[run.table->f(op.invoke)];
    ++c[!op.completed() ? 3 : op.outcome == OpType::kOk ? 0 : op.outcome == OpType::kFail ? 1 : 2];
  }
  std::array<int64_t, 4> total{};
  std::string out =
      "<table class=\"counts\"><tr><th>f</th><th>ok</th><th>fail</th><th>info</th><th>never "
      "completed</th></tr>";
  auto row = [&](const std::string& f, const std::array<int64_t, 4>& c, const char* cls) {
    out += std::string("<tr class=\"") + cls + "\">" + td(f);
    for (int k = 0; k < 4; ++k) out += td(std::to_string(c[k]), "num");
    out += "</tr>";
  };
  for (const auto& [f, c] : by_f) {
    row(f, c, "");
    for (int k = 0; k < 4; ++k) total[k] += c[k];
  }
  row("all", total, "total");
  return out + "</table>\n";
}

std::string render_fault_list(const RunData& run) {
  if (run.faults.empty()) return "<p>No faults in the history.</p>\n";
  std::string out =
      "<table><tr><th>#</th><th>what was done</th><th>start s</th><th>end "
      "s</th><th>how it ended</th><th>errors</th></tr>";
  for (size_t i = 0; i < run.faults.size(); ++i) {
    const FaultBand& f = run.faults[i];
    std::string errors;
    for (const std::string& e : f.errors) errors += (errors.empty() ? "" : "; ") + e;
    out += std::string("<tr") + (f.end_ns < 0 || !f.errors.empty() ? " class=\"bad\"" : "") + ">" +
           td(std::to_string(i + 1), "num") + td(f.what) + td(format_seconds(f.start_ns), "num") +
           td(f.end_ns >= 0 ? format_seconds(f.end_ns) : "never healed in the history", "num") +
           td(f.ended) + td(errors) + "</tr>";
  }
  return out + "</table>\n";
}

std::string render_details(const Json& results, const ReportContext& context) {
  std::string out;
  const Json nemesis = results.value("nemesis", Json());
  if (nemesis.is_object()) {
    out += "<h2>Nemesis plan</h2>";
    if (nemesis.contains("faults_started"))
      out += "<p>Faults started: " + html_escape(compact_json(nemesis["faults_started"])) + "</p>";
    out += plan_table(nemesis.value("plan", Json::object()));
  }
  if (results.contains("run") && results["run"].is_object())
    out += "<h2>The runner's summary</h2>" + key_value_table(results["run"]);
  if (results.contains("config") && results["config"].is_object())
    out += "<h2>Settings</h2>" + key_value_table(results["config"]);
  out += "<h2>Nodes and files</h2>" + node_rows(results, context);
  out += "<p class=\"files\">";
  for (const char* file :
       {"history.jsonl", "results.json", "test.yaml", "faultline.log", "ledger.jsonl"})
    out += link(file, file) + " ";
  return out + "</p>\n";
}

std::string render_notes(const OpTable& history, const RunData& run) {
  std::vector<const HistoryNote*> notes;
  for (const HistoryNote& n : history.notes) notes.push_back(&n);
  for (const HistoryNote& n : run.notes) notes.push_back(&n);
  if (notes.empty()) return "";
  std::string out = "<h2>History notes</h2><ul class=\"notes\">";
  for (size_t i = 0; i < notes.size() && i < kMaxNotes; ++i)
    out += "<li>" +
           html_escape((notes[i]->where.line > 0
                            ? "line " + std::to_string(notes[i]->where.line) + ": "
                            : "") +
                       notes[i]->message) +
           "</li>";
  if (notes.size() > kMaxNotes)
    out += "<li>... and " + std::to_string(notes.size() - kMaxNotes) + " more</li>";
  return out + "</ul>\n";
}

}  // namespace faultline::report_detail
