// The evidence ops on a timeline of their own: one row per process, the
// window just around them, their neighbours on the same key in grey, so the
// overlap that makes them impossible to order can be seen.
#include <algorithm>
#include <map>
#include <set>

#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

constexpr size_t kMaxNeighbours = 60;
constexpr double kLeft = 70, kWidth = 900, kTop = 22, kRow = 20;

std::string label_for(const RunData& run, const ClientOp& op) {
  const Op invoke = run.table->op(op.invoke);
  std::string text = "#" + std::to_string(invoke.index) + " " + invoke.f;
  std::optional<std::string> value;
  if (op.completed() && op.outcome == OpType::kOk)
    value = completion_value_text(invoke, run.table->op(op.complete), 24);
  if (!value && !invoke.value.is_null()) value = compact_json(invoke.value, 24);
  if (value) text += " " + *value;
  if (op.outcome != OpType::kOk)
    text += " (" + std::string(op.completed() ? to_string(op.outcome) : "pending") + ")";
  return text;
}

}  // namespace

std::string render_evidence_timeline(const RunData& run, const std::vector<int64_t>& indices,
                                     int64_t failed_index, const std::string& key) {
  const OpTable& table = *run.table;
  const std::set<int64_t> wanted(indices.begin(), indices.end());
  std::vector<const ClientOp*> evidence;
  int64_t begin = INT64_MAX, end = INT64_MIN;
  for (const ClientOp& op : run.ops) {
    if (!wanted.count(table.index(op.invoke)) || op.start_ns(table) < 0) continue;
    evidence.push_back(&op);
    begin = std::min(begin, op.start_ns(table));
    end = std::max(end, op.end_ns(table) >= 0 ? op.end_ns(table) : op.start_ns(table));
  }
  if (evidence.empty()) return "";
  const int64_t pad = std::max<int64_t>((end - begin) / 10, 1000);
  begin -= pad, end += pad;
  std::vector<const ClientOp*> neighbours;
  for (const ClientOp& op : run.ops) {
    if (neighbours.size() >= kMaxNeighbours) break;
    if (wanted.count(table.index(op.invoke)) || op.start_ns(table) < 0 || op.start_ns(table) > end)
      continue;
    const int64_t op_end = op.end_ns(table) >= 0 ? op.end_ns(table) : run.end_ns;
    const int32_t op_key = table.key_id(op.invoke);
    const bool same_key = key.empty() || (op_key >= 0 && table.key_text(op_key) == key);
    if (same_key && op_end >= begin) neighbours.push_back(&op);
  }
  std::map<int64_t, int> row_of;  // process -> row
  for (const ClientOp* op : evidence) row_of[table.process(op->invoke)] = 0;
  for (const ClientOp* op : neighbours) row_of[table.process(op->invoke)] = 0;
  int rows = 0;
  for (auto& [process, row] : row_of) row = rows++;
  const TimeAxis axis{begin, end, kLeft, kWidth};
  const double bottom = kTop + rows * kRow;
  std::string out = "<svg class=\"timeline evidence-timeline\" width=\"" +
                    fixed(kLeft + kWidth + 10, 0) + "\" height=\"" + fixed(bottom + 22, 0) +
                    "\" data-begin=\"" + std::to_string(begin) + "\" data-end=\"" +
                    std::to_string(end) + "\" data-x0=\"" + fixed(kLeft, 0) + "\" data-w=\"" +
                    fixed(kWidth, 0) + "\">";
  std::vector<FaultBand> faults;
  for (const FaultBand& band : run.faults)
    if (band.start_ns <= end && (band.end_ns < 0 || band.end_ns >= begin)) faults.push_back(band);
  for (FaultBand& band : faults) {
    band.start_ns = std::max(band.start_ns, begin);
    band.end_ns = band.end_ns < 0 ? band.end_ns : std::min(band.end_ns, end);
  }
  out += svg_fault_bands(faults, axis, end, 0, bottom, true);
  out += svg_time_ticks(axis, bottom, kTop);
  for (const auto& [process, row] : row_of)
    out += "<text class=\"lane\" x=\"" + fixed(kLeft - 4, 0) + "\" y=\"" +
           fixed(kTop + row * kRow + 14, 0) + "\">p" + std::to_string(process) + "</text>";
  auto draw = [&](const ClientOp& op, std::string cls) {
    const double x = axis.x(op.start_ns(table));
    const double x_end = axis.x(std::min(op.end_ns(table) >= 0 ? op.end_ns(table) : end, end));
    const double y = kTop + row_of[table.process(op.invoke)] * kRow + 3;
    if (table.index(op.invoke) == failed_index) cls += " failed";
    out += "<g class=\"" + cls + "\"><rect x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) +
           "\" width=\"" + fixed(std::max(x_end - x, 2.0), 1) + "\" height=\"14\"/><text x=\"" +
           fixed(x + 3, 1) + "\" y=\"" + fixed(y + 11, 1) + "\">" +
           html_escape(label_for(run, op)) + "</text><title>" + html_escape(op_tooltip(run, op)) +
           "</title></g>";
  };
  for (const ClientOp* op : neighbours) draw(*op, "neighbour");
  for (const ClientOp* op : evidence)
    draw(*op, std::string("ev ") + (op->outcome == OpType::kOk ? "ok" : "info"));
  out +=
      "</svg>\n<p class=\"note\">Evidence ops in colour (the one that cannot be linearized "
      "outlined in red), "
      "other ops on the same key in grey";
  if (neighbours.size() >= kMaxNeighbours)
    out += " (the first " + std::to_string(kMaxNeighbours) + " only)";
  return out + ".</p>\n";
}

}  // namespace faultline::report_detail
