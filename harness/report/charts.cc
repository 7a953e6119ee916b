// Latency and throughput over time, with the fault bands behind them. Both
// stay small for any history: the scatter shows at most kMaxPoints ops (all
// the failed and indeterminate ones first, then an even sample of the rest)
// and the lines use at most kLineBuckets time buckets.
#include <algorithm>
#include <array>
#include <cmath>

#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

constexpr size_t kMaxPoints = 2500;
constexpr size_t kMaxNotOkPoints = 800;
constexpr int kLineBuckets = 200;
constexpr double kLeft = 90, kWidth = 1100, kTop = 8, kHeight = 180;

// 24 bytes: a 10M-op run has 10M of them while its charts are drawn.
struct Sample {
  int64_t at_ns;
  double latency_ms;
  uint32_t op;  // index into RunData::ops
  OpType outcome;
};

std::vector<Sample> completed(const RunData& run) {
  std::vector<Sample> out;
  out.reserve(run.ops.size());
  for (size_t i = 0; i < run.ops.size(); ++i) {
    const ClientOp& op = run.ops[i];
    if (op.start_ns(*run.table) < 0 || op.end_ns(*run.table) < op.start_ns(*run.table)) continue;
    out.push_back({op.end_ns(*run.table),
                   static_cast<double>(op.end_ns(*run.table) - op.start_ns(*run.table)) / 1e6,
                   static_cast<uint32_t>(i), op.outcome});
  }
  return out;
}

// Log scale from the smallest to the largest latency, in ms.
struct LatencyScale {
  double lo = 0.1, hi = 1000;
  double y(double ms) const {
    const double v = std::log10(std::max(ms, lo));
    return kTop + kHeight - kHeight * (v - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
  }
};

std::string y_axis_label(double y, const std::string& text) {
  return "<line class=\"grid\" x1=\"" + fixed(kLeft, 0) + "\" x2=\"" + fixed(kLeft + kWidth, 0) +
         "\" y1=\"" + fixed(y, 1) + "\" y2=\"" + fixed(y, 1) + "\"/><text class=\"lane\" x=\"" +
         fixed(kLeft - 4, 0) + "\" y=\"" + fixed(y + 4, 1) + "\">" + text + "</text>";
}

std::string chart_open(const char* cls, const TimeAxis& axis, const RunData& run) {
  return "<svg class=\"" + std::string(cls) + "\" width=\"" + fixed(kLeft + kWidth + 10, 0) +
         "\" height=\"" + fixed(kTop + kHeight + 24, 0) + "\" data-begin=\"" +
         std::to_string(axis.begin_ns) + "\" data-end=\"" + std::to_string(axis.end_ns) +
         "\" data-x0=\"" + fixed(kLeft, 0) + "\" data-w=\"" + fixed(kWidth, 0) + "\">" +
         svg_fault_bands(run.faults, axis, run.end_ns, kTop, kHeight, false) +
         svg_time_ticks(axis, kTop + kHeight, kTop);
}

std::vector<const Sample*> pick_points(const std::vector<Sample>& samples) {
  // Positions (not pointers: half the memory) of the ok and the other samples.
  std::vector<uint32_t> not_ok, ok;
  for (size_t i = 0; i < samples.size(); ++i)
    (samples[i].outcome == OpType::kOk ? ok : not_ok).push_back(static_cast<uint32_t>(i));
  auto thin = [](std::vector<uint32_t>& v, size_t keep) {
    if (v.size() <= keep) return;
    std::vector<uint32_t> kept;
    for (size_t i = 0; i < keep; ++i) kept.push_back(v[i * v.size() / keep]);
    v = std::move(kept);
  };
  thin(not_ok, kMaxNotOkPoints);
  thin(ok, kMaxPoints - not_ok.size());
  ok.insert(ok.end(), not_ok.begin(), not_ok.end());  // failures drawn last, on top
  std::vector<const Sample*> points;
  for (uint32_t i : ok) points.push_back(&samples[i]);
  return points;
}

double quantile(std::vector<double>& values, double q) {
  const size_t k =
      std::min(values.size() - 1, static_cast<size_t>(q * static_cast<double>(values.size())));
  std::nth_element(values.begin(), values.begin() + static_cast<long>(k), values.end());
  return values[k];
}

std::string quantile_lines(const std::vector<Sample>& samples, const TimeAxis& axis,
                           const LatencyScale& scale) {
  std::vector<std::vector<double>> buckets(kLineBuckets);
  for (const Sample& s : samples) {
    const int b = std::clamp(static_cast<int>((axis.x(s.at_ns) - kLeft) / kWidth * kLineBuckets), 0,
                             kLineBuckets - 1);
    buckets[b].push_back(s.latency_ms);
  }
  std::string out;
  for (auto [q, cls] : {std::pair{0.5, "p50"}, std::pair{0.99, "p99"}}) {
    std::string points;
    for (int b = 0; b < kLineBuckets; ++b) {
      if (buckets[b].empty()) continue;
      const double x = kLeft + kWidth * (b + 0.5) / kLineBuckets;
      points += fixed(x, 1) + "," + fixed(scale.y(quantile(buckets[b], q)), 1) + " ";
    }
    out += "<polyline class=\"" + std::string(cls) + "\" points=\"" + points + "\"/>";
  }
  return out;
}

std::string latency_chart(const RunData& run, const TimeAxis& axis,
                          const std::vector<Sample>& samples) {
  LatencyScale scale;
  double lo = 1e18, hi = 0;
  for (const Sample& s : samples) lo = std::min(lo, s.latency_ms), hi = std::max(hi, s.latency_ms);
  scale.lo = std::pow(10.0, std::floor(std::log10(std::max(lo, 0.01))));
  scale.hi = std::pow(10.0, std::ceil(std::log10(std::max(hi, scale.lo * 10))));
  std::string out = chart_open("chart latency", axis, run);
  for (double ms = scale.lo; ms <= scale.hi * 1.001; ms *= 10)
    out += y_axis_label(
        scale.y(ms), ms >= 1000 ? fixed(ms / 1000, 0) + " s" : fixed(ms, ms < 1 ? 2 : 0) + " ms");
  for (const Sample* s : pick_points(samples)) {
    const char* cls = s->outcome == OpType::kOk     ? "ok"
                      : s->outcome == OpType::kFail ? "fail"
                                                    : "info";
    out += "<circle class=\"" + std::string(cls) + "\" cx=\"" + fixed(axis.x(s->at_ns), 1) +
           "\" cy=\"" + fixed(scale.y(s->latency_ms), 1) + "\" r=\"1.8\"><title>" +
           html_escape(op_tooltip(run, run.ops[s->op])) + "</title></circle>";
  }
  out += quantile_lines(samples, axis, scale);
  return out + "</svg>\n";
}

std::string throughput_chart(const RunData& run, const TimeAxis& axis,
                             const std::vector<Sample>& samples) {
  std::vector<std::array<double, 3>> counts(kLineBuckets);
  for (const Sample& s : samples) {
    const int b = std::clamp(static_cast<int>((axis.x(s.at_ns) - kLeft) / kWidth * kLineBuckets), 0,
                             kLineBuckets - 1);
    counts[b][s.outcome == OpType::kOk ? 0 : s.outcome == OpType::kFail ? 1 : 2] += 1;
  }
  const double bucket_s = static_cast<double>(axis.end_ns - axis.begin_ns) / 1e9 / kLineBuckets;
  double peak = 1;
  for (const auto& c : counts)
    peak = std::max({peak, c[0] / bucket_s, c[1] / bucket_s, c[2] / bucket_s});
  auto y = [&](double rate) { return kTop + kHeight - kHeight * rate / peak; };
  std::string out = chart_open("chart throughput", axis, run);
  out += y_axis_label(y(peak), fixed(peak, peak < 10 ? 1 : 0) + "/s") + y_axis_label(y(0), "0/s");
  static const char* kClasses[] = {"ok-line", "fail-line", "info-line"};
  for (int k = 0; k < 3; ++k) {
    std::string points;
    for (int b = 0; b < kLineBuckets; ++b)
      points += fixed(kLeft + kWidth * (b + 0.5) / kLineBuckets, 1) + "," +
                fixed(y(counts[b][k] / bucket_s), 1) + " ";
    out += "<polyline class=\"" + std::string(kClasses[k]) + "\" points=\"" + points + "\"/>";
  }
  return out + "</svg>\n";
}

}  // namespace

std::string render_charts(const RunData& run) {
  const std::vector<Sample> samples = completed(run);
  if (samples.empty())
    return "<p class=\"note\">No completed op has times: nothing to chart.</p>\n";
  const TimeAxis axis{run.begin_ns, run.end_ns, kLeft, kWidth};
  std::string out =
      "<h3>Latency</h3><p class=\"note\">Each dot an op at its completion (green ok, red fail, "
      "amber info); "
      "lines: median and 99th percentile per time slice; log scale.";
  if (samples.size() > kMaxPoints)
    out += " <b>Sampled</b>: " + std::to_string(std::min(samples.size(), kMaxPoints)) + " of " +
           std::to_string(samples.size()) + " ops shown (every failed/info op up to " +
           std::to_string(kMaxNotOkPoints) + ", then an even sample); the lines use all ops.";
  out += "</p>\n" + latency_chart(run, axis, samples);
  out +=
      "<h3>Throughput</h3><p class=\"note\">Completions per second (green ok, red fail, amber "
      "info), " +
      std::to_string(kLineBuckets) + " time slices.</p>\n" + throughput_chart(run, axis, samples);
  return out;
}

}  // namespace faultline::report_detail
