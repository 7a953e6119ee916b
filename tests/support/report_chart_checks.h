// The checks a person makes of a report's charts, against the run's own
// files (results.json, history.jsonl), shared by the test on a stored run
// and the integration test on a real one:
//  - the latency chart: a dot per completed client op, classed by the
//    outcome the history says, as many of each as results.json counts (a run
//    small enough not to be sampled), and its p50 / p99 lines;
//  - the throughput chart: a line per outcome, above zero exactly in the
//    time slices where ops of that outcome completed;
//  - every drawing: a band per fault the nemesis started, at the times of
//    its ops, labelled with the fault and the nodes it hit (a clock fault
//    with each node's offset), marked bad exactly when its ops had errors.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "harness/history/op.h"
#include "tests/support/dom_scan.h"

namespace faultline::testing {

inline Json read_json_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  return Json::parse(in);
}

inline std::vector<Json> read_history_file(const std::filesystem::path& path) {
  std::vector<Json> ops;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) ops.push_back(Json::parse(line));
  return ops;
}

// A fault as the history tells it: what was applied, when it started (its
// request) and ended (its stop's completion), and whether an op had errors.
struct HistoryFault {
  std::string kind;
  Json applied;
  int64_t start_ns = 0, end_ns = -1;
  bool errors = false;
};

inline std::vector<HistoryFault> history_faults(const std::vector<Json>& history) {
  std::vector<HistoryFault> faults;
  std::map<std::string, int> seen;  // f -> its ops so far: request, outcome, request, ...
  for (const Json& op : history) {
    if (op["process"] != "nemesis") continue;
    const std::string f = op["f"];
    const bool start = f.rfind("start-", 0) == 0;
    if (!start && f.rfind("stop-", 0) != 0) continue;
    const std::string kind = f.substr(start ? 6 : 5);
    const int n = seen[f]++;
    const bool error = op.contains("error") && !op["error"].is_null();
    if (start && n % 2 == 0) faults.push_back({kind, Json(), op["time"], -1, error});
    if (start && n % 2 == 1) faults.back().applied = op["value"], faults.back().errors |= error;
    if (start) continue;
    for (HistoryFault& fault : faults)
      if (fault.kind == kind && fault.end_ns < 0) {
        fault.errors |= error;
        if (n % 2 == 1) fault.end_ns = op["time"];
        break;
      }
  }
  return faults;
}

// The nodes a fault's outcome names: a grudge's, the pids' or the offsets'.
inline std::set<std::string> nodes_hit(const HistoryFault& fault) {
  std::set<std::string> nodes;
  const Json& value = fault.applied;
  if (!value.is_object()) return nodes;
  const Json& named = value.contains("offset_ms") ? value["offset_ms"]
                      : value.contains("pids")    ? value["pids"]
                                                  : value;
  for (const auto& [node, unused] : named.items()) nodes.insert(node);
  return nodes;
}

inline std::vector<std::pair<double, double>> polyline_points(const DomElement& polyline) {
  std::vector<std::pair<double, double>> points;
  std::istringstream in(polyline.attribute("points"));
  for (std::string pair; in >> pair;) {
    const size_t comma = pair.find(',');
    points.emplace_back(std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1)));
  }
  return points;
}

// Maps history time to the x of a drawing, from the data-* it carries.
struct DrawnAxis {
  int64_t begin, end;
  double x0, width;
  explicit DrawnAxis(const DomElement& svg)
      : begin(std::stoll(svg.attribute("data-begin"))),
        end(std::stoll(svg.attribute("data-end"))),
        x0(std::stod(svg.attribute("data-x0"))),
        width(std::stod(svg.attribute("data-w"))) {}
  double x(int64_t ns) const {
    return x0 + width * static_cast<double>(ns - begin) / static_cast<double>(end - begin);
  }
};

inline void expect_latency_dots_match(const ScannedDom& dom, const Json& results,
                                      const std::vector<Json>& history) {
  const auto charts = dom.select("svg", "latency");
  ASSERT_EQ(charts.size(), 1u) << "one latency chart";
  // Each client op's outcome, by its invocation's index.
  std::map<int64_t, std::string> outcome_of;
  std::map<std::string, int64_t> open;  // process -> its invocation's index
  for (const Json& op : history) {
    if (op["process"] == "nemesis") continue;
    if (op["type"] == "invoke") {
      open[op["process"].dump()] = op["index"];
    } else {
      outcome_of[open[op["process"].dump()]] = op["type"];
    }
  }
  std::map<std::string, int64_t> drawn;
  for (const char* outcome : {"ok", "fail", "info"}) {
    for (const DomElement* dot : dom.select("circle", outcome, charts[0])) {
      ++drawn[outcome];
      const auto titles = dom.select("title", "", dot);
      ASSERT_EQ(titles.size(), 1u) << "a dot without its hover text";
      const std::string title = dom.text_of(*titles[0]);  // "#12 process 0 read ..."
      const int64_t index = title.size() > 1 && title[0] == '#' ? std::stoll(title.substr(1)) : -1;
      ASSERT_TRUE(outcome_of.count(index)) << "a dot for no client op: " << title;
      EXPECT_EQ(outcome_of[index], outcome) << title;
    }
  }
  const Json& counts = results["run"];
  EXPECT_EQ(drawn["ok"], counts["ok"].get<int64_t>());
  EXPECT_EQ(drawn["fail"], counts["failed"].get<int64_t>());
  EXPECT_EQ(drawn["info"], counts["indeterminate"].get<int64_t>());
  EXPECT_EQ(drawn["ok"] + drawn["fail"] + drawn["info"], static_cast<int64_t>(outcome_of.size()));
  for (const char* line : {"p50", "p99"}) {
    const auto lines = dom.select("polyline", line, charts[0]);
    ASSERT_EQ(lines.size(), 1u) << line;
    EXPECT_GT(polyline_points(*lines[0]).size(), 10u) << line;
  }
}

inline void expect_throughput_lines_match(const ScannedDom& dom, const std::vector<Json>& history) {
  const auto charts = dom.select("svg", "throughput");
  ASSERT_EQ(charts.size(), 1u);
  const DrawnAxis axis(*charts[0]);
  for (const auto& [cls, type] : std::map<std::string, std::string>{
           {"ok-line", "ok"}, {"fail-line", "fail"}, {"info-line", "info"}}) {
    const auto lines = dom.select("polyline", cls, charts[0]);
    ASSERT_EQ(lines.size(), 1u) << cls;
    const auto points = polyline_points(*lines[0]);
    ASSERT_FALSE(points.empty()) << cls;
    double zero = 0;  // the lowest point drawn: a rate of 0
    for (const auto& point : points) zero = std::max(zero, point.second);
    const double slice_ns = static_cast<double>(axis.end - axis.begin) / points.size();
    std::vector<bool> has_ops(points.size(), false);
    for (const Json& op : history)
      if (op["process"] != "nemesis" && op["type"] == type) {
        const double at = static_cast<double>(op["time"].get<int64_t>() - axis.begin);
        has_ops[std::min(points.size() - 1, static_cast<size_t>(at / slice_ns))] = true;
      }
    for (size_t i = 0; i < points.size(); ++i) {
      const double slice_x = axis.x0 + axis.width * (static_cast<double>(i) + 0.5) / points.size();
      ASSERT_NEAR(points[i].first, slice_x, 0.06) << cls << " point " << i;
      EXPECT_EQ(points[i].second < zero, has_ops[i]) << cls << ": slice " << i;
    }
  }
}

inline std::string signed_ms(const Json& ms) {
  const std::string text = ms.dump();
  return (ms.get<double>() >= 0 ? "+" : "") + text + " ms";
}

inline void expect_fault_bands_match(const ScannedDom& dom, const Json& results,
                                     const std::vector<Json>& history) {
  const std::vector<HistoryFault> faults = history_faults(history);
  ASSERT_EQ(faults.size(), results["nemesis"]["faults_started"].get<size_t>());
  const Json& events = results["nemesis"]["plan"]["events"];
  ASSERT_EQ(faults.size(),
            static_cast<size_t>(std::count_if(events.begin(), events.end(), [](const Json& e) {
              return e["phase"] == "start";
            })));
  for (const char* chart : {"latency", "throughput"})
    for (const DomElement* svg : dom.select("svg", chart))
      EXPECT_EQ(dom.select("rect", "fault", svg).size(), faults.size()) << chart;
  const auto timelines = dom.select("svg", "run-timeline");
  ASSERT_EQ(timelines.size(), 1u);
  const DrawnAxis axis(*timelines[0]);
  const auto bands = dom.select("rect", "fault", timelines[0]);
  const auto labels = dom.select("text", "fault-label", timelines[0]);
  ASSERT_EQ(bands.size(), faults.size());
  ASSERT_EQ(labels.size(), faults.size());
  for (size_t i = 0; i < faults.size(); ++i) {
    const HistoryFault& fault = faults[i];
    SCOPED_TRACE("fault " + std::to_string(i + 1) + " (" + fault.kind + ")");
    ASSERT_GE(fault.end_ns, 0) << "every fault of the run was healed";
    EXPECT_NEAR(std::stod(bands[i]->attribute("x")), axis.x(fault.start_ns), 0.06);
    EXPECT_NEAR(std::stod(bands[i]->attribute("width")),
                std::max(axis.x(fault.end_ns) - axis.x(fault.start_ns), 1.5), 0.12);
    EXPECT_EQ(bands[i]->has_class("bad"), fault.errors);
    const std::string label = dom.text_of(*labels[i]);
    const auto titles = dom.select("title", "", bands[i]);
    ASSERT_EQ(titles.size(), 1u);
    const std::string title = dom.text_of(*titles[0]);
    EXPECT_EQ(label.find(fault.kind), 0u) << label;
    EXPECT_EQ(title.find(fault.kind), 0u) << title;
    for (const std::string& node : nodes_hit(fault)) {
      EXPECT_NE(label.find(node), std::string::npos) << node << " in " << label;
      EXPECT_NE(title.find(node), std::string::npos) << node << " in " << title;
    }
    if (fault.kind == "clock" && fault.applied.contains("offset_ms"))
      for (const auto& [node, ms] : fault.applied["offset_ms"].items()) {
        EXPECT_NE(label.find(node + " " + signed_ms(ms)), std::string::npos) << label;
        EXPECT_NE(title.find(node + " " + signed_ms(ms)), std::string::npos) << title;
      }
  }
}

}  // namespace faultline::testing
