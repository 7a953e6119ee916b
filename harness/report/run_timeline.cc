// The whole run on one timeline: a row per worker, each op a thin bar coloured
// by its outcome, the nemesis's faults as shaded bands behind. Past a few
// thousand ops the rows are drawn from time buckets instead (run-length
// merged), so the SVG stays a few hundred kB whatever the history's size.
#include <algorithm>
#include <array>
#include <set>

#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

constexpr size_t kMaxOpsDrawnOneByOne = 4000;
constexpr int kMaxBuckets = 1100;  // one per pixel of the plot
// Bounds the rows' cells together, so many workers get coarser buckets and
// the page stays a few MB even when every bucket changes colour.
constexpr int kMaxCells = 16000;

int bucket_count(size_t lanes) {
  return std::clamp(kMaxCells / static_cast<int>(std::max<size_t>(lanes, 1)), 200, kMaxBuckets);
}
constexpr double kLeft = 90, kPlotWidth = 1100, kTop = 26;

const char* outcome_class(OpType t) {
  switch (t) {
    case OpType::kOk:
      return "ok";
    case OpType::kFail:
      return "fail";
    default:
      return "info";
  }
}

double lane_height(size_t lanes) {
  return lanes <= 16 ? 14 : std::max(4.0, 320.0 / static_cast<double>(lanes));
}

int64_t drawn_end(const ClientOp& op, const RunData& run) {
  return op.end_ns(*run.table) >= 0 ? op.end_ns(*run.table) : run.end_ns;
}

std::string bar(const char* cls, double x, double y, double w, double h, const std::string& tip) {
  return "<rect class=\"" + std::string(cls) + "\" x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) +
         "\" width=\"" + fixed(std::max(w, 1.0), 1) + "\" height=\"" + fixed(h, 1) + "\"><title>" +
         html_escape(tip) + "</title></rect>";
}

std::string ops_one_by_one(const RunData& run, const TimeAxis& axis, double lh) {
  std::string out;
  for (const ClientOp& op : run.ops) {
    if (op.start_ns(*run.table) < 0) continue;
    const double x = axis.x(op.start_ns(*run.table));
    out += bar(outcome_class(op.outcome), x, kTop + op.lane * lh + 1,
               axis.x(drawn_end(op, run)) - x, lh - 2, op_tooltip(run, op));
  }
  return out;
}

// Per lane and bucket: how many ops of each outcome overlap it (difference
// arrays, so long ops cost no more than short ones) and how many began there.
struct Buckets {
  size_t lanes;
  std::vector<std::array<int64_t, 3>> overlap, began;
  int count;
  explicit Buckets(size_t n)
      : lanes(n),
        overlap(n * (bucket_count(n) + 1)),
        began(n * (bucket_count(n) + 1)),
        count(bucket_count(n)) {}
  std::array<int64_t, 3>& at(std::vector<std::array<int64_t, 3>>& v, size_t lane, int b) {
    return v[lane * static_cast<size_t>(count + 1) + static_cast<size_t>(b)];
  }
};

int outcome_slot(OpType t) { return t == OpType::kOk ? 0 : t == OpType::kFail ? 1 : 2; }

std::string ops_bucketed(const RunData& run, const TimeAxis& axis, double lh) {
  Buckets buckets(run.lane_names.size());
  const int bucket_total = buckets.count;
  auto bucket_of = [&](int64_t ns) {
    const double b = (axis.x(ns) - axis.x0) / axis.width * bucket_total;
    return std::clamp(static_cast<int>(b), 0, bucket_total - 1);
  };
  for (const ClientOp& op : run.ops) {
    if (op.start_ns(*run.table) < 0) continue;
    const int slot = outcome_slot(op.outcome);
    const int b0 = bucket_of(op.start_ns(*run.table)), b1 = bucket_of(drawn_end(op, run));
    buckets.at(buckets.overlap, op.lane, b0)[slot] += 1;
    buckets.at(buckets.overlap, op.lane, b1 + 1)[slot] -= 1;
    buckets.at(buckets.began, op.lane, b0)[slot] += 1;
  }
  std::string out;
  const double bucket_ns = static_cast<double>(axis.end_ns - axis.begin_ns) / bucket_total;
  for (size_t lane = 0; lane < buckets.lanes; ++lane) {
    std::array<int64_t, 3> running{}, began{};
    int segment_start = 0, segment_state = -1;
    auto flush = [&](int end_bucket) {
      if (segment_state < 0) return;
      static const char* kClasses[] = {"ok", "fail", "info"};
      const int64_t t0 = axis.begin_ns + static_cast<int64_t>(segment_start * bucket_ns);
      const int64_t t1 = axis.begin_ns + static_cast<int64_t>(end_bucket * bucket_ns);
      const std::string tip = run.lane_names[lane] + ", " + format_seconds(t0) + "-" +
                              format_seconds(t1) + " s: " + std::to_string(began[0]) + " ok, " +
                              std::to_string(began[1]) + " fail, " + std::to_string(began[2]) +
                              " info invoked";
      out += bar(kClasses[segment_state], axis.x(t0), kTop + static_cast<double>(lane) * lh + 1,
                 axis.x(t1) - axis.x(t0), lh - 2, tip);
      began = {};
    };
    for (int b = 0; b < bucket_total; ++b) {
      const auto& delta = buckets.at(buckets.overlap, lane, b);
      for (int s = 0; s < 3; ++s) running[s] += delta[s];
      // The worst outcome in the bucket wins its colour: info over fail over ok.
      const int state = running[2] > 0 ? 2 : running[1] > 0 ? 1 : running[0] > 0 ? 0 : -1;
      if (state != segment_state) {
        flush(b);
        segment_start = b;
        segment_state = state;
      }
      const auto& start = buckets.at(buckets.began, lane, b);
      for (int s = 0; s < 3; ++s) began[s] += start[s];
    }
    flush(bucket_total);
  }
  return out;
}

std::string highlighted(const RunData& run, const TimeAxis& axis, double lh,
                        const std::vector<int64_t>& evidence_indices) {
  const std::set<int64_t> wanted(evidence_indices.begin(), evidence_indices.end());
  std::string out;
  for (const ClientOp& op : run.ops) {
    if (op.start_ns(*run.table) < 0 || !wanted.count(run.table->index(op.invoke))) continue;
    const double x = axis.x(op.start_ns(*run.table));
    out += bar("evidence", x - 1, kTop + op.lane * lh, axis.x(drawn_end(op, run)) - x + 2, lh,
               "evidence: " + op_tooltip(run, op));
  }
  return out;
}

std::string heal_marks(const RunData& run, const TimeAxis& axis, double bottom) {
  std::string out;
  for (const Op& op : run.heals) {
    const Op* heal = &op;
    if (heal->time_ns < 0) continue;
    const std::string x = fixed(axis.x(heal->time_ns), 1);
    std::string tip =
        "heal at " + format_seconds(heal->time_ns) + " s: " + compact_json(heal->value, 300);
    if (!heal->error.is_null()) tip += "\nerrors: " + compact_json(heal->error, 300);
    out += "<line class=\"heal" + std::string(heal->error.is_null() ? "" : " bad") + "\" x1=\"" +
           x + "\" x2=\"" + x + "\" y1=\"" + fixed(kTop, 1) + "\" y2=\"" + fixed(bottom, 1) +
           "\"><title>" + html_escape(tip) + "</title></line>";
  }
  return out;
}

}  // namespace

std::string render_run_timeline(const RunData& run, const std::vector<int64_t>& evidence_indices) {
  const double lh = lane_height(run.lane_names.size());
  const double rows_bottom = kTop + lh * static_cast<double>(run.lane_names.size());
  const double height = rows_bottom + 22;
  const TimeAxis axis{run.begin_ns, run.end_ns, kLeft, kPlotWidth};
  const bool bucketed = run.ops.size() > kMaxOpsDrawnOneByOne;
  std::string out = "<p class=\"note\">";
  out += bucketed ? "Sampled: " + std::to_string(run.ops.size()) + " ops drawn in " +
                        std::to_string(bucket_count(run.lane_names.size())) +
                        " time buckets per row; a bucket shows the worst "
                        "outcome among the ops running in it (info over fail over ok)."
                  : "Each bar is one op, from invocation to completion; hover for details.";
  if (run.untimed_ops > 0)
    out += " " + std::to_string(run.untimed_ops) + " ops have no time and are not drawn.";
  out += "</p>\n<svg class=\"timeline run-timeline\" width=\"" + fixed(kLeft + kPlotWidth + 10, 0) +
         "\" height=\"" + fixed(height, 0) + "\" data-begin=\"" + std::to_string(axis.begin_ns) +
         "\" data-end=\"" + std::to_string(axis.end_ns) + "\" data-x0=\"" + fixed(kLeft, 0) +
         "\" data-w=\"" + fixed(kPlotWidth, 0) + "\">";
  out += svg_fault_bands(run.faults, axis, run.end_ns, 0, rows_bottom, true);
  out += svg_time_ticks(axis, rows_bottom, kTop);
  for (size_t lane = 0; lane < run.lane_names.size(); ++lane) {
    if (lh >= 9)
      out += "<text class=\"lane\" x=\"" + fixed(kLeft - 4, 0) + "\" y=\"" +
             fixed(kTop + (static_cast<double>(lane) + 0.75) * lh, 1) + "\">" +
             html_escape(run.lane_names[lane]) + "</text>";
  }
  out += bucketed ? ops_bucketed(run, axis, lh) : ops_one_by_one(run, axis, lh);
  out += highlighted(run, axis, lh, evidence_indices);
  out += heal_marks(run, axis, rows_bottom);
  out += "</svg>\n";
  // Outline and dashes tell the outcomes apart without their colours.
  out += "<div class=\"legend\">";
  for (const char* outcome : {"ok", "fail", "info"})
    out +=
        std::string("<span><svg width=\"20\" height=\"10\" aria-hidden=\"true\"><rect class=\"") +
        outcome + " key\" x=\"1\" y=\"1\" width=\"18\" height=\"8\"/></svg>" + outcome +
        (outcome == std::string("fail")   ? " (outlined)"
         : outcome == std::string("info") ? " (dashed outline: outcome unknown)"
                                          : "") +
        "</span>";
  out +=
      "<span>shaded band: a fault, labelled; outlined red: it reported errors; dashed: never "
      "healed</span></div>\n";
  return out;
}

}  // namespace faultline::report_detail
