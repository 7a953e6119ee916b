#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/report_parts.h"
#include "tests/harness/report_fixtures.h"

namespace faultline::report_test {
namespace {

size_t count(const std::string& page, const std::string& text) {
  size_t n = 0;
  for (size_t at = page.find(text); at != std::string::npos; at = page.find(text, at + 1)) ++n;
  return n;
}

Op make_op(int64_t process, OpType type, std::string f, Json value, int64_t t_ns,
           Json error = Json()) {
  Op op;
  op.process = process;
  op.type = type;
  op.f = std::move(f);
  op.value = std::move(value);
  op.time_ns = t_ns;
  op.error = std::move(error);
  if (process != kNemesisProcess) op.key = "k1", op.node = "n1";
  return op;
}

void append(History& history, Op op) {
  op.index = static_cast<int64_t>(history.ops.size());
  history.ops.push_back(std::move(op));
}

Json valid_results() {
  return {{"test", "t"},
          {"verdict", "valid"},
          {"valid", true},
          {"config", {{"concurrency", 4}}},
          {"checkers",
           Json::array({{{"checker", "linearizability"}, {"valid", true}, {"summary", "ok"}}})}};
}

// Faults as nemeses/nemesis_runner.h writes them: request and outcome, each half an info op.
History with_nemesis_runner_faults() {
  History h;
  const Json grudge = {{"n1", {"n3"}}, {"n2", {"n3"}}, {"n3", {"n1", "n2"}}};
  append(h, make_op(0, OpType::kInvoke, "write", 1, 0));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "start-partition", {{"shape", "majority"}},
                    1'000'000'000));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "start-partition", grudge, 1'100'000'000));
  append(h, make_op(0, OpType::kOk, "write", 1, 1'500'000'000));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "stop-partition", grudge, 3'000'000'000));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "stop-partition", grudge, 3'100'000'000,
                    {{"errors", {"n3: iptables -F failed"}}}));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "start-pause", {{"target", "one"}},
                    4'000'000'000));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "start-pause",
                    {{"process", "etcd"}, {"pids", {{"n2", {123}}}}}, 4'100'000'000));
  append(h, make_op(1, OpType::kInvoke, "read", nullptr, 4'500'000'000));
  append(h, make_op(1, OpType::kFail, "read", nullptr, 5'000'000'000));
  return h;
}

TEST(ReportTimeline, FaultsAreBandsLabelledWithWhatWasDone) {
  const History history = with_nemesis_runner_faults();
  const std::string page = render_report(valid_results(), history);
  EXPECT_NE(page.find("y=\"10.0\">partition: n1,n2 drop n3; n3 drops n1,n2</text>"),
            std::string::npos);
  EXPECT_NE(page.find(">pause etcd on n2 (target one)</text>"), std::string::npos);
  // The partition's heal reported an error; the pause was never stopped.
  EXPECT_NE(page.find("<rect class=\"fault bad\""), std::string::npos);
  EXPECT_NE(page.find("<rect class=\"fault open\""), std::string::npos);
  EXPECT_NE(page.find("error: n3: iptables -F failed"), std::string::npos);
  EXPECT_NE(page.find("never healed in the history"), std::string::npos);
  // Bands lie behind the latency and throughput charts too.
  EXPECT_EQ(count(page, "<rect class=\"fault bad\""), 3u);
}

TEST(ReportTimeline, AClockFaultsBandSaysEachNodesOffset) {
  History h;
  append(h, make_op(0, OpType::kInvoke, "write", 1, 0));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "start-clock", {{"bump_ms", 30000}}, 1'000));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "start-clock",
                    {{"action", "bump"},
                     {"offset_ms", {{"n1", 30000}, {"n3", -2000}}},
                     {"mode", {{"n1", "process"}, {"n3", "process"}}},
                     {"seen_offset_ms", {{"n1", 30000.02}, {"n3", -1999.98}}}},
                    2'000));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "start-clock", {{"drift_ppm", 500}}, 3'000));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "start-clock",
                    {{"action", "drift"}, {"drift_ppm", 500}, {"offset_ms", {{"n2", 0}}}}, 4'000));
  append(h, make_op(0, OpType::kOk, "write", 1, 1'500'000'000));
  const std::string page = render_report(valid_results(), h);
  EXPECT_NE(page.find("clock bump: n1 +30000 ms, n3 -2000 ms (seen inside the processes)"),
            std::string::npos);
  EXPECT_NE(page.find("clock drift +500 ppm: n2 +0 ms"), std::string::npos);
}

TEST(ReportTimeline, SingleOpNemesisEventsFromOtherToolsAlsoMakeBands) {
  const History history = read_fixture(example_history("etcd-stale-read.jsonl"));
  const std::string page = render_report(results_for(history, register_checker(), "t"), history);
  EXPECT_NE(page.find("partition: n1,n2 drop n3,n4,n5 (0.01-0.03 s)"), std::string::npos);
  EXPECT_EQ(page.find("<rect class=\"fault open\""), std::string::npos);
}

TEST(ReportTimeline, SmallHistoryDrawsEveryOpOnItsWorkerRow) {
  const History history = with_nemesis_runner_faults();
  const std::string page = render_report(valid_results(), history);
  EXPECT_EQ(count(page, "<rect class=\"ok\""), 1u);
  EXPECT_EQ(count(page, "<rect class=\"fail\""), 1u);
  EXPECT_NE(page.find("<title>#0 process 0 write key k1 1 -&gt; ok [0.000-1.500 s] on n1</title>"),
            std::string::npos);
  for (int w = 0; w < 4; ++w)
    EXPECT_NE(page.find(">worker " + std::to_string(w) + "</text>"), std::string::npos);
  EXPECT_EQ(page.find("Sampled"), std::string::npos);
}

History large_history(int64_t pairs) {
  History h;
  h.ops.reserve(static_cast<size_t>(pairs * 2 + 4));
  append(h, make_op(kNemesisProcess, OpType::kInfo, "start-partition", {{"n1", {"n2"}}},
                    10'000'000'000));
  for (int64_t i = 0; i < pairs; ++i) {
    const int64_t t = i * 1'000'000;  // one op per ms per worker, 10 workers
    const OpType outcome = i % 97 == 0 ? OpType::kFail : i % 193 == 0 ? OpType::kInfo : OpType::kOk;
    append(h, make_op(i % 10, OpType::kInvoke, i % 3 ? "read" : "write", i, t));
    append(h,
           make_op(i % 10, outcome, i % 3 ? "read" : "write", i, t + 400'000 + (i % 13) * 100'000));
  }
  append(h, make_op(kNemesisProcess, OpType::kInfo, "stop-partition", {{"n1", {"n2"}}},
                    20'000'000'000));
  return h;
}

TEST(ReportTimeline, LargeHistoryGivesASmallPageAndSaysItIsSampled) {
  const History history = large_history(100'000);  // 200k ops
  Json results = valid_results();
  results["config"]["concurrency"] = 10;
  const std::string page = render_report(results, history);
  EXPECT_LT(page.size(), 3'000'000u) << "page of " << page.size() << " bytes";
  EXPECT_NE(page.find("Sampled: 100000 ops drawn in 1100 time buckets per row"), std::string::npos);
  EXPECT_NE(page.find("2500 of 100000 ops shown"), std::string::npos);
  EXPECT_LE(count(page, "<circle "), 2500u);
  EXPECT_NE(page.find(">partition: n1 drops n2</text>"), std::string::npos);
  // Still every outcome visible: the fail and info buckets are drawn.
  EXPECT_GT(count(page, "<rect class=\"fail\""), 0u);
  EXPECT_GT(count(page, "<rect class=\"info\""), 0u);
}

TEST(ReportTimeline, OpCountsByFunctionAndOutcome) {
  const History history = with_nemesis_runner_faults();
  const std::string page = render_report(valid_results(), history);
  EXPECT_NE(
      page.find("<tr class=\"\"><td>read</td><td class=\"num\">0</td><td class=\"num\">1</td>"),
      std::string::npos);
  EXPECT_NE(
      page.find("<tr class=\"total\"><td>all</td><td class=\"num\">1</td><td class=\"num\">1</td>"
                "<td class=\"num\">0</td><td class=\"num\">0</td></tr>"),
      std::string::npos);
}

TEST(ReportTimeline, LinksToTheStoreFilesAndNodeLogs) {
  Json results = valid_results();
  results["nodes"] = Json::array(
      {{{"name", "n1"}, {"address", "10.0.0.2"}}, {{"name", "n2"}, {"address", "10.0.0.3"}}});
  const ReportContext context{"store/t/1", {{"n1", {"etcd.log", "etcd.stderr"}}}};
  const std::string page = render_report(results, History{}, context);
  for (const char* file : {"history.jsonl", "results.json", "test.yaml", "faultline.log"})
    EXPECT_NE(page.find("<a href=\"" + std::string(file) + "\">"), std::string::npos) << file;
  EXPECT_NE(page.find("<a href=\"nodes/n1/etcd.log\">etcd.log</a>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"nodes/n1/etcd.stderr\">"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"nodes/n2/\">nodes/n2/</a>"), std::string::npos);
}

}  // namespace
}  // namespace faultline::report_test

namespace faultline::report_test {
namespace {

// The worst case for the rows: 64 workers whose ops change outcome all the time.
TEST(ReportTimeline, ManyWorkersWithMixedOutcomesStillGiveASmallPage) {
  History h;
  for (int64_t i = 0; i < 100'000; ++i) {
    const int64_t t = i * 30'000;
    const OpType outcome = (i / 64) % 2   ? OpType::kFail
                           : (i / 64) % 5 ? OpType::kOk
                                          : OpType::kInfo;
    append(h, make_op(i % 64, OpType::kInvoke, "read", nullptr, t));
    append(h, make_op(i % 64, outcome, "read", i, t + 1'000'000));
  }
  Json results = valid_results();
  results["config"]["concurrency"] = 64;
  const std::string page = render_report(results, h);
  EXPECT_LT(page.size(), 3'000'000u) << "page of " << page.size() << " bytes";
  EXPECT_NE(page.find("Sampled: 100000 ops drawn in 250 time buckets per row"), std::string::npos);
}

// A fault late in the run is labelled leftwards from its end: a label that
// began at the band would run past the drawing's right edge and be cut.
TEST(FaultBandLabels, ABandInTheRightHalfIsLabelledFromItsEndInsideTheDrawing) {
  using report_detail::FaultBand, report_detail::TimeAxis;
  TimeAxis axis;
  axis.begin_ns = 0, axis.end_ns = 10'000'000'000, axis.x0 = 100, axis.width = 800;
  FaultBand early, late;
  early.what = "partition halves: n1 | n2 n3", early.start_ns = 1'000'000'000;
  early.end_ns = 2'000'000'000;
  late.what = "pause etcd on n2", late.start_ns = 9'500'000'000;  // never healed
  const std::string svg =
      report_detail::svg_fault_bands({early, late}, axis, 10'000'000'000, 0, 100, true);
  EXPECT_NE(svg.find("<text class=\"fault-label\" x=\"182.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("<text class=\"fault-label end\" x=\"898.0\""), std::string::npos) << svg;
  EXPECT_NE(report_detail::page_css().find("svg .fault-label.end{text-anchor:end}"),
            std::string::npos);
}

}  // namespace
}  // namespace faultline::report_test
