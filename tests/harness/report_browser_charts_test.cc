// The report's charts in a real browser, checked against the run's own
// files as a user would (tests/support/report_chart_checks.h): dots and
// lines per outcome as history.jsonl and results.json count them, and a
// band per fault at its times naming its nodes (clock faults their
// offsets). The run is a stored one with a partition, a pause, a kill and
// two clock faults, checked by `faultline analyze`; the integration test
// RunEtcd... makes the same checks on a real run.
#include <gtest/gtest.h>

#include "tests/support/browser_test.h"
#include "tests/support/report_chart_checks.h"
#include "tests/support/stored_run.h"

namespace faultline::testing {
namespace {

class ReportBrowserCharts : public BrowserTest {
 protected:
  void SetUp() override {
    BrowserTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    run_ = write_stored_run(work_dir_ / "store", "browser-register", {}, FAULTLINE_BINARY);
    ASSERT_EQ(run_.analyze.status, 0) << run_.analyze.out;
    results_ = read_json_file(run_.dir / "results.json");
    history_ = read_history_file(run_.dir / "history.jsonl");
    dom_.emplace(dom_of(file_url(run_.dir / "report.html")));
    ASSERT_NE(dom_->html().find("data-script-done=\"yes\""), std::string::npos);
  }
  StoredRun run_;
  Json results_;
  std::vector<Json> history_;
  std::optional<ScannedDom> dom_;
};

TEST_F(ReportBrowserCharts, TheLatencyChartHasADotPerCompletedOpOfItsOutcome) {
  keep_screenshot(file_url(run_.dir / "report.html"));
  expect_latency_dots_match(*dom_, results_, history_);
  // The faults made failures and timeouts: the chart must show both.
  EXPECT_FALSE(dom_->select("circle", "fail").empty());
  EXPECT_FALSE(dom_->select("circle", "info").empty());
}

TEST_F(ReportBrowserCharts, TheThroughputChartHasALinePerOutcomeThatRisesWhereItsOpsAre) {
  keep_screenshot(file_url(run_.dir / "report.html"));
  expect_throughput_lines_match(*dom_, history_);
}

TEST_F(ReportBrowserCharts, EveryDrawingHasABandPerFaultAtItsTimesNamingItsNodes) {
  keep_screenshot(file_url(run_.dir / "report.html"));
  expect_fault_bands_match(*dom_, results_, history_);
  const auto kinds = history_faults(history_);
  EXPECT_EQ(std::count_if(kinds.begin(), kinds.end(),
                          [](const HistoryFault& f) { return f.kind == "clock"; }),
            2);
}

}  // namespace
}  // namespace faultline::testing
