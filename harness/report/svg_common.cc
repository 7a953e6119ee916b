// Pieces every drawing shares: the time axis, fault bands, op hover text.
#include <algorithm>
#include <cmath>

#include "harness/report/report_parts.h"

namespace faultline::report_detail {

double TimeAxis::x(int64_t ns) const {
  const double span = static_cast<double>(std::max<int64_t>(end_ns - begin_ns, 1));
  return x0 + width * static_cast<double>(ns - begin_ns) / span;
}

std::string svg_fault_bands(const std::vector<FaultBand>& faults, const TimeAxis& axis,
                            int64_t run_end_ns, double top, double height, bool labels) {
  std::string out;
  for (size_t i = 0; i < faults.size(); ++i) {
    const FaultBand& band = faults[i];
    const int64_t end = band.end_ns >= 0 ? band.end_ns : run_end_ns;
    const double x1 = axis.x(band.start_ns);
    const double w = std::max(axis.x(end) - x1, 1.5);
    std::string cls = "fault";
    if (band.end_ns < 0) cls += " open";
    if (!band.errors.empty()) cls += " bad";
    std::string tip =
        band.what + " (" + format_seconds(band.start_ns) + "-" +
        (band.end_ns >= 0 ? format_seconds(band.end_ns) + " s)" : "end: never healed)");
    for (const std::string& e : band.errors) tip += "\nerror: " + e;
    out += "<rect class=\"" + cls + "\" x=\"" + fixed(x1, 1) + "\" y=\"" + fixed(top, 1) +
           "\" width=\"" + fixed(w, 1) + "\" height=\"" + fixed(height, 1) + "\"><title>" +
           html_escape(tip) + "</title></rect>";
    if (labels) {
      const double y = top + 10 + static_cast<double>(i % 2) * 11;
      // A band in the right half is labelled leftwards from its end, so the
      // label is not cut off at the drawing's right edge.
      const bool leftwards = x1 > axis.x0 + axis.width / 2;
      const double label_x = leftwards ? std::min(x1 + w, axis.x0 + axis.width) - 2 : x1 + 2;
      out += std::string("<text class=\"fault-label") + (leftwards ? " end" : "") + "\" x=\"" +
             fixed(label_x, 1) + "\" y=\"" + fixed(y, 1) + "\">" +
             html_escape(compact_json(band.what, 60)) + "</text>";
    }
  }
  return out;
}

std::string svg_time_ticks(const TimeAxis& axis, double y, double grid_top) {
  const double span_s = static_cast<double>(axis.end_ns - axis.begin_ns) / 1e9;
  const double raw = std::max(span_s / 8, 1e-6);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (magnitude * m >= raw) {
      step = magnitude * m;
      break;
    }
  const int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step)));
  std::string out;
  const double first = std::ceil(static_cast<double>(axis.begin_ns) / 1e9 / step) * step;
  for (double t = first; t * 1e9 <= static_cast<double>(axis.end_ns) + 1; t += step) {
    const double x = axis.x(static_cast<int64_t>(std::llround(t * 1e9)));
    out += "<line class=\"grid\" x1=\"" + fixed(x, 1) + "\" x2=\"" + fixed(x, 1) + "\" y1=\"" +
           fixed(grid_top, 1) + "\" y2=\"" + fixed(y, 1) + "\"/><text class=\"tick\" x=\"" +
           fixed(x, 1) + "\" y=\"" + fixed(y + 12, 1) + "\">" + fixed(t, decimals) + "s</text>";
  }
  return out;
}

std::string op_tooltip(const RunData& run, const ClientOp& op) {
  const Op in = run.table->op(op.invoke);
  std::string text =
      "#" + std::to_string(in.index) + " process " + std::to_string(in.process) + " " + in.f;
  if (in.key) text += " key " + *in.key;
  if (!in.value.is_null()) text += " " + compact_json(in.value, 80);
  text += " -> ";
  if (op.completed()) {
    const Op complete = run.table->op(op.complete);
    text += std::string(to_string(op.outcome));
    if (auto value = completion_value_text(in, complete, 80)) text += " " + *value;
    if (!complete.error.is_null()) text += " error " + compact_json(complete.error, 120);
  } else {
    text += "never completed";
  }
  if (op.start_ns(*run.table) >= 0) text += " [" + format_seconds(op.start_ns(*run.table), 3);
  if (op.start_ns(*run.table) >= 0)
    text += op.end_ns(*run.table) >= 0 ? "-" + format_seconds(op.end_ns(*run.table), 3) + " s]"
                                       : " s-]";
  if (!in.node.empty()) text += " on " + in.node;
  return text;
}

}  // namespace faultline::report_detail
