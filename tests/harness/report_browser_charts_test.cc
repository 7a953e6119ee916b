// The report's charts in a real browser, checked against the run's own
// files as a user would: the latency chart draws one dot per completed op
// (its class the outcome history.jsonl says, as many of each as results.json
// counts), the throughput chart a line per outcome that rises where such ops
// happened, and each of the three drawings a band per fault the nemesis
// started, placed at the times of its ops, labelled with the fault and the
// nodes it hit (a clock fault with each node's offset).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "harness/history/op.h"
#include "tests/support/browser_test.h"
#include "tests/support/stored_run.h"

namespace faultline::testing {
namespace {

namespace fs = std::filesystem;

Json read_json(const fs::path& path) {
  std::ifstream in(path);
  return Json::parse(in);
}

std::vector<Json> read_history(const fs::path& path) {
  std::vector<Json> ops;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) ops.push_back(Json::parse(line));
  return ops;
}

// A fault as the history tells it: its start request, what was applied, and
// when its stop completed.
struct HistoryFault {
  std::string kind;
  Json applied;
  int64_t start_ns = 0, end_ns = -1;
};

std::vector<HistoryFault> faults_of(const std::vector<Json>& history) {
  std::vector<HistoryFault> faults;
  std::map<std::string, int> seen;  // f -> ops seen (request, outcome, request, ...)
  for (const Json& op : history) {
    if (op["process"] != "nemesis") continue;
    const std::string f = op["f"];
    const bool start = f.rfind("start-", 0) == 0;
    const int n = seen[f]++;
    if (start && n % 2 == 0) faults.push_back({f.substr(6), Json(), op["time"], -1});
    if (start && n % 2 == 1) faults.back().applied = op["value"];
    if (!start && n % 2 == 1)
      for (HistoryFault& fault : faults)
        if (fault.kind == f.substr(5) && fault.end_ns < 0) {
          fault.end_ns = op["time"];
          break;
        }
  }
  return faults;
}

// The nodes a fault's outcome names: a grudge's nodes, the pids' or the offsets' nodes.
std::set<std::string> nodes_hit(const HistoryFault& fault) {
  std::set<std::string> nodes;
  const Json& value = fault.applied;
  const Json& named = value.contains("offset_ms") ? value["offset_ms"]
                      : value.contains("pids")    ? value["pids"]
                                                  : value;
  for (const auto& [node, unused] : named.items()) nodes.insert(node);
  return nodes;
}

std::string signed_ms(const Json& ms) {
  const int64_t v = ms.get<int64_t>();
  return (v >= 0 ? "+" : "") + std::to_string(v) + " ms";
}

std::vector<std::pair<double, double>> points_of(const DomElement& polyline) {
  std::vector<std::pair<double, double>> points;
  std::istringstream in(polyline.attribute("points"));
  for (std::string pair; in >> pair;) {
    const size_t comma = pair.find(',');
    points.emplace_back(std::stod(pair.substr(0, comma)), std::stod(pair.substr(comma + 1)));
  }
  return points;
}

// The history index an op's hover text starts with ("#12 process 0 read ...").
int64_t index_in_title(const std::string& title) {
  return title.size() > 1 && title[0] == '#' ? std::stoll(title.substr(1)) : -1;
}

class ReportBrowserCharts : public BrowserTest {
 protected:
  void SetUp() override {
    BrowserTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    run_ = write_stored_run(work_dir_ / "store", "browser-register", {}, FAULTLINE_BINARY);
    ASSERT_EQ(run_.analyze.status, 0) << run_.analyze.out;
    results_ = read_json(run_.dir / "results.json");
    history_ = read_history(run_.dir / "history.jsonl");
  }
  StoredRun run_;
  Json results_;
  std::vector<Json> history_;
};

TEST_F(ReportBrowserCharts, TheLatencyChartHasADotPerCompletedOpOfItsOutcome) {
  const ScannedDom dom = dom_of(file_url(run_.dir / "report.html"));
  keep_screenshot(file_url(run_.dir / "report.html"));
  ASSERT_NE(dom.html().find("data-script-done=\"yes\""), std::string::npos);
  const auto charts = dom.select("svg", "latency");
  ASSERT_EQ(charts.size(), 1u) << "one latency chart";
  // What the history says: each client op's outcome, by its invocation's index.
  std::map<int64_t, std::string> outcome_of;
  std::map<Json, int64_t> open;  // process -> its invocation's index
  for (const Json& op : history_) {
    if (op["process"] == "nemesis") continue;
    if (op["type"] == "invoke") {
      open[op["process"]] = op["index"];
    } else {
      outcome_of[open[op["process"]]] = op["type"];
    }
  }
  std::map<std::string, int64_t> drawn;
  for (const char* outcome : {"ok", "fail", "info"}) {
    for (const DomElement* dot : dom.select("circle", outcome, charts[0])) {
      ++drawn[outcome];
      const std::string title = dom.text_of(*dom.select("title", "", dot).at(0));
      const int64_t index = index_in_title(title);
      ASSERT_TRUE(outcome_of.count(index)) << "a dot for no client op: " << title;
      EXPECT_EQ(outcome_of[index], outcome) << title;
    }
  }
  const Json& counts = results_["run"];
  EXPECT_EQ(drawn["ok"], counts["ok"].get<int64_t>());
  EXPECT_EQ(drawn["fail"], counts["failed"].get<int64_t>());
  EXPECT_EQ(drawn["info"], counts["indeterminate"].get<int64_t>());
  EXPECT_EQ(drawn["ok"] + drawn["fail"] + drawn["info"], counts["invoked"].get<int64_t>());
  EXPECT_GT(drawn["fail"], 0) << "the faults made failures: the chart must show them";
  EXPECT_GT(drawn["info"], 0);
  // The median and 99th percentile lines.
  for (const char* line : {"p50", "p99"}) {
    const auto lines = dom.select("polyline", line, charts[0]);
    ASSERT_EQ(lines.size(), 1u) << line;
    EXPECT_GT(points_of(*lines[0]).size(), 10u) << line;
  }
}

TEST_F(ReportBrowserCharts, TheThroughputChartHasALinePerOutcomeThatRisesWhereItsOpsAre) {
  const ScannedDom dom = dom_of(file_url(run_.dir / "report.html"));
  const auto charts = dom.select("svg", "throughput");
  ASSERT_EQ(charts.size(), 1u);
  const DomElement& chart = *charts[0];
  const int64_t begin = std::stoll(chart.attribute("data-begin"));
  const int64_t end = std::stoll(chart.attribute("data-end"));
  const double x0 = std::stod(chart.attribute("data-x0")),
               width = std::stod(chart.attribute("data-w"));
  const std::map<std::string, std::string> type_of_line = {
      {"ok-line", "ok"}, {"fail-line", "fail"}, {"info-line", "info"}};
  for (const auto& [cls, type] : type_of_line) {
    const auto lines = dom.select("polyline", cls, &chart);
    ASSERT_EQ(lines.size(), 1u) << cls;
    const auto points = points_of(*lines[0]);
    ASSERT_FALSE(points.empty()) << cls;
    double baseline = 0;
    for (const auto& [x, y] : points) baseline = std::max(baseline, y);
    // Where the line is above zero, ops of its outcome completed (within a
    // slice's width), and where they completed the line is above zero.
    const double slice_ns = static_cast<double>(end - begin) / static_cast<double>(points.size());
    std::vector<bool> has_ops(points.size(), false);
    for (const Json& op : history_)
      if (op["process"] != "nemesis" && op["type"] == type) {
        const double at = static_cast<double>(op["time"].get<int64_t>() - begin);
        has_ops[std::min(points.size() - 1, static_cast<size_t>(at / slice_ns))] = true;
      }
    for (size_t i = 0; i < points.size(); ++i) {
      const double slice_x = x0 + width * (static_cast<double>(i) + 0.5) / points.size();
      ASSERT_NEAR(points[i].first, slice_x, 0.06) << cls << " point " << i;
      EXPECT_EQ(points[i].second < baseline, has_ops[i])
          << cls << ": slice " << i << " (x " << points[i].first << ")";
    }
  }
}

TEST_F(ReportBrowserCharts, EveryDrawingHasABandPerFaultAtItsTimesNamingItsNodes) {
  const ScannedDom dom = dom_of(file_url(run_.dir / "report.html"));
  const std::vector<HistoryFault> faults = faults_of(history_);
  const size_t planned_starts = std::count_if(results_["nemesis"]["plan"]["events"].begin(),
                                              results_["nemesis"]["plan"]["events"].end(),
                                              [](const Json& e) { return e["phase"] == "start"; });
  ASSERT_EQ(faults.size(), results_["nemesis"]["faults_started"].get<size_t>());
  ASSERT_EQ(faults.size(), planned_starts);
  const auto drawings = dom.select("svg", "run-timeline");
  ASSERT_EQ(drawings.size(), 1u);
  for (const char* chart : {"latency", "throughput"})
    for (const DomElement* svg : dom.select("svg", chart)) {
      ASSERT_EQ(dom.select("rect", "fault", svg).size(), faults.size()) << chart;
    }
  const DomElement& timeline = *drawings[0];
  const auto bands = dom.select("rect", "fault", &timeline);
  const auto labels = dom.select("text", "fault-label", &timeline);
  ASSERT_EQ(bands.size(), faults.size());
  ASSERT_EQ(labels.size(), faults.size());
  const int64_t begin = std::stoll(timeline.attribute("data-begin"));
  const int64_t end = std::stoll(timeline.attribute("data-end"));
  const double x0 = std::stod(timeline.attribute("data-x0"));
  const double width = std::stod(timeline.attribute("data-w"));
  auto x_of = [&](int64_t t) {
    return x0 + width * static_cast<double>(t - begin) / static_cast<double>(end - begin);
  };
  for (size_t i = 0; i < faults.size(); ++i) {
    const HistoryFault& fault = faults[i];
    SCOPED_TRACE("fault " + std::to_string(i + 1) + " (" + fault.kind + ")");
    ASSERT_GE(fault.end_ns, 0);
    EXPECT_NEAR(std::stod(bands[i]->attribute("x")), x_of(fault.start_ns), 0.06);
    EXPECT_NEAR(std::stod(bands[i]->attribute("width")), x_of(fault.end_ns) - x_of(fault.start_ns),
                0.12);
    EXPECT_FALSE(bands[i]->has_class("bad")) << "no fault reported an error";
    const std::string label = dom.text_of(*labels[i]);
    const std::string title = dom.text_of(*dom.select("title", "", bands[i]).at(0));
    EXPECT_EQ(label.find(fault.kind), 0u) << label;
    EXPECT_EQ(title.find(fault.kind), 0u) << title;
    for (const std::string& node : nodes_hit(fault)) {
      EXPECT_NE(label.find(node), std::string::npos) << node << " in " << label;
      EXPECT_NE(title.find(node), std::string::npos) << node << " in " << title;
    }
    if (fault.kind == "clock")
      for (const auto& [node, ms] : fault.applied["offset_ms"].items()) {
        EXPECT_NE(label.find(node + " " + signed_ms(ms)), std::string::npos) << label;
        EXPECT_NE(title.find(node + " " + signed_ms(ms)), std::string::npos) << title;
      }
  }
}

}  // namespace
}  // namespace faultline::testing
