// Elle's anomalies for people: each cycle drawn as a small SVG graph
// (transactions as nodes on a circle, dependency edges as labelled arrows)
// beside the text evidence (its txns' micro-ops and each edge's reason).
// Input: the JSON of `faultline check --model list-append|rw-register
// --json` (elle_report.h). Every value reaches the page escaped.
#include "harness/report/elle_graph.h"

#include <cmath>
#include <map>

#include "harness/report/report_parts.h"

namespace faultline {
namespace {

using report_detail::compact_json;
using report_detail::fixed;

constexpr size_t kMaxAnomaliesDrawn = 20;
constexpr double kSize = 260, kRadius = 80, kNodeRadius = 20;

// An edge kind as a CSS class: letters and '-' only.
std::string class_token(const std::string& kind) {
  std::string token;
  for (char c : kind)
    if ((c >= 'a' && c <= 'z') || c == '-') token += c;
  return token.empty() ? "other" : token;
}

std::string text_of(const Json& value) {
  return value.is_string() ? value.get<std::string>() : compact_json(value, 80);
}

// One cycle: nodes on a circle in the order the cycle visits them.
std::string cycle_svg(const Json& cycle, size_t number) {
  std::vector<std::string> names;
  std::map<std::string, size_t> at;
  for (const Json& edge : cycle) {
    for (const char* end : {"from", "to"}) {
      const std::string name = text_of(edge.value(end, Json("?")));
      if (at.emplace(name, names.size()).second) names.push_back(name);
    }
  }
  const double center = kSize / 2;
  auto x = [&](size_t i) {
    return center + kRadius * std::sin(2 * M_PI * static_cast<double>(i) /
                                       static_cast<double>(names.size()));
  };
  auto y = [&](size_t i) {
    return center - kRadius * std::cos(2 * M_PI * static_cast<double>(i) /
                                       static_cast<double>(names.size()));
  };
  const std::string marker = "elle-arrow-" + std::to_string(number);
  std::string out = "<svg class=\"elle-cycle\" width=\"" + fixed(kSize, 0) + "\" height=\"" +
                    fixed(kSize, 0) + "\" role=\"img\" aria-label=\"dependency cycle " +
                    std::to_string(number) + "\"><defs><marker id=\"" + marker +
                    "\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" "
                    "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 "
                    "L0,10 z\"/></marker></defs>";
  for (const Json& edge : cycle) {
    const size_t from = at[text_of(edge.value("from", Json("?")))];
    const size_t to = at[text_of(edge.value("to", Json("?")))];
    double x1 = x(from), y1 = y(from), x2 = x(to), y2 = y(to);
    const double dx = x2 - x1, dy = y2 - y1, length = std::hypot(dx, dy);
    // Two txns with edges both ways: each arrow bends to its own side.
    const double nx = length > 0 ? -dy / length : 0, ny = length > 0 ? dx / length : 0;
    const double bend = 22;
    const double cx = (x1 + x2) / 2 + nx * bend, cy = (y1 + y2) / 2 + ny * bend;
    if (length > 0) {
      // From circle edge to circle edge.
      const double sx = cx - x1, sy = cy - y1, s = std::hypot(sx, sy);
      const double ex = cx - x2, ey = cy - y2, e = std::hypot(ex, ey);
      x1 += sx / s * kNodeRadius, y1 += sy / s * kNodeRadius;
      x2 += ex / e * kNodeRadius, y2 += ey / e * kNodeRadius;
    }
    const std::string kind = text_of(edge.value("edge", Json("?")));
    std::string label = kind;
    if (edge.contains("key")) label += " " + text_of(edge["key"]);
    out += "<g class=\"elle-edge " + class_token(kind) + "\"><path d=\"M" + fixed(x1, 1) + "," +
           fixed(y1, 1) + " Q" + fixed(cx, 1) + "," + fixed(cy, 1) + " " + fixed(x2, 1) + "," +
           fixed(y2, 1) + "\" marker-end=\"url(#" + marker + ")\"/><text x=\"" + fixed(cx, 1) +
           "\" y=\"" + fixed(cy, 1) + "\">" + html_escape(label) + "</text><title>" +
           html_escape(text_of(edge.value("why", Json("")))) + "</title></g>";
  }
  for (size_t i = 0; i < names.size(); ++i)
    out += "<g class=\"elle-txn\"><circle cx=\"" + fixed(x(i), 1) + "\" cy=\"" + fixed(y(i), 1) +
           "\" r=\"" + fixed(kNodeRadius, 0) + "\"/><text x=\"" + fixed(x(i), 1) + "\" y=\"" +
           fixed(y(i) + 4, 1) + "\">" + html_escape(names[i]) + "</text></g>";
  return out + "</svg>";
}

std::string anomaly_text(const Json& anomaly) {
  std::string out = "<ul class=\"elle-txns\">";
  for (const Json& txn : anomaly.value("txns", Json::array())) {
    if (!txn.is_object()) continue;
    std::string ops;
    for (const Json& op : txn.value("micro_ops", Json::array()))
      ops += (ops.empty() ? "" : " ") + text_of(op);
    out += "<li><b>" + html_escape(text_of(txn.value("name", Json("?")))) + "</b> (process " +
           html_escape(text_of(txn.value("process", Json("?")))) + ", line " +
           html_escape(text_of(txn.value("line", Json("?")))) + ", " +
           html_escape(text_of(txn.value("type", Json("?")))) + "): <code>" + html_escape(ops) +
           "</code></li>";
  }
  out += "</ul><ol class=\"elle-why\">";
  for (const Json& edge : anomaly.value("cycle", Json::array()))
    out += "<li>" + html_escape(text_of(edge.value("from", Json("?")))) + " → " +
           html_escape(text_of(edge.value("to", Json("?")))) + " (" +
           html_escape(text_of(edge.value("edge", Json("?")))) +
           "): " + html_escape(text_of(edge.value("why", Json("")))) + "</li>";
  return out + "</ol>";
}

std::string model_list(const Json& result, const char* field) {
  std::string out;
  for (const Json& model : result.value(field, Json::array()))
    out += (out.empty() ? "" : ", ") + text_of(model);
  return out;
}

}  // namespace

bool is_elle_result(const Json& value) {
  return value.is_object() && value.contains("anomalies") && value["anomalies"].is_array();
}

std::string render_elle_anomalies(const Json& result) {
  if (!is_elle_result(result)) return "";
  const Json& anomalies = result["anomalies"];
  std::string out = "<section class=\"elle\">";
  if (const std::string ruled_out = model_list(result, "ruled_out"); !ruled_out.empty())
    out += "<p>Ruled out by what was observed: " + html_escape(ruled_out) + ".</p>";
  if (anomalies.empty()) out += "<p>No dependency cycle was found in this history.</p>";
  for (size_t i = 0; i < anomalies.size() && i < kMaxAnomaliesDrawn; ++i) {
    const Json& anomaly = anomalies[i];
    if (!anomaly.is_object()) continue;
    out += "<div class=\"elle-anomaly\"><h4>" +
           html_escape(text_of(anomaly.value("type", Json("anomaly")))) + ": " +
           html_escape(text_of(anomaly.value("description", Json("")))) + "</h4>";
    if (anomaly.contains("cycle") && anomaly["cycle"].is_array() && !anomaly["cycle"].empty())
      out += cycle_svg(anomaly["cycle"], i + 1);
    out += "<div class=\"elle-text\">" + anomaly_text(anomaly) + "</div></div>";
  }
  if (anomalies.size() > kMaxAnomaliesDrawn)
    out += "<p class=\"note\">First " + std::to_string(kMaxAnomaliesDrawn) + " of " +
           std::to_string(anomalies.size()) + " anomalies drawn.</p>";
  return out + "</section>\n";
}

}  // namespace faultline
