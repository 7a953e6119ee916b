// A real run's report in a real browser: `faultline run
// examples/etcd-clocks.yaml` (a local cluster, etcd, clock faults moved
// inside etcd's processes), then its report.html in headless Chromium,
// checked against the run's own results.json and history.jsonl as
// tests/support/report_chart_checks.h says: a dot per op of its outcome, a
// throughput line per outcome, a band per clock fault at its times naming
// each node's offset. Needs root; run under the integration lock.
#include <gtest/gtest.h>

#include "tests/harness/integration/example_run.h"
#include "tests/support/browser_test.h"
#include "tests/support/report_chart_checks.h"

namespace faultline {
namespace {

class RunReportBrowser : public testing::ExampleRun {};

TEST_F(RunReportBrowser, ARealClockRunsChartsAndBandsMatchItsFiles) {
  FAULTLINE_REQUIRE_CHROMIUM();
  // Few enough ops that the latency chart draws every one (it samples past 2500).
  testing::BinaryRun r = run("etcd-clocks.yaml", "--time-limit 20 --rate 40");
  ASSERT_TRUE(r.status == 0 || r.status == 1 || r.status == 2) << r.out;
  const std::string dir = store_ + "/latest";
  const Json results = testing::read_json_file(dir + "/results.json");
  const std::vector<Json> history = testing::read_history_file(dir + "/history.jsonl");
  ASSERT_LT(results["run"]["invoked"].get<int64_t>(), 2500) << "a sampled chart";
  ASSERT_GE(results["nemesis"]["faults_started"].get<int64_t>(), 2) << r.out;

  testing::BrowserSession browser(testing::chromium_binary());
  const std::string url = testing::file_url(dir + "/report.html");
  const testing::ScannedDom dom = browser.dom_of(url);
  browser.keep_screenshot(url);
  ASSERT_NE(dom.html().find("data-script-done=\"yes\""), std::string::npos)
      << dom.html().substr(0, 400);
  testing::expect_latency_dots_match(dom, results, history);
  testing::expect_throughput_lines_match(dom, history);
  testing::expect_fault_bands_match(dom, results, history);
  for (const testing::HistoryFault& fault : testing::history_faults(history))
    EXPECT_EQ(fault.kind, "clock") << "etcd-clocks.yaml's first faults are clock faults";
  expect_no_run_cluster_left();
}

}  // namespace
}  // namespace faultline
