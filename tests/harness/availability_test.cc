// Availability as the clients saw it (harness/report/availability.h), from
// hand-made histories whose counts, latencies and recovery are known.
#include "harness/report/availability.h"

#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/report_parts.h"

namespace faultline {
namespace {

constexpr int64_t kMs = 1'000'000;
constexpr int64_t kS = 1'000'000'000;

class HistoryBuilder {
 public:
  // A client op of `process` on `node`, invoked at `start` and completed as
  // `outcome` at `end` (no completion when `end` < 0).
  void client(int64_t process, const std::string& node, int64_t start, int64_t end,
              OpType outcome = OpType::kOk) {
    add(process, OpType::kInvoke, "read", Json(), start, node);
    if (end >= 0) add(process, outcome, "read", Json(), end, node);
  }
  // A fault as the nemesis runner writes it: request and outcome halves, then
  // the stop's request and outcome (no stop when `stop` < 0).
  void fault(const std::string& kind, const Json& applied, int64_t start, int64_t stop) {
    add(kNemesisProcess, OpType::kInfo, "start-" + kind, {{"target", "one"}}, start, "");
    add(kNemesisProcess, OpType::kInfo, "start-" + kind, applied, start + 50 * kMs, "");
    if (stop < 0) return;
    add(kNemesisProcess, OpType::kInfo, "stop-" + kind, applied, stop - 50 * kMs, "");
    add(kNemesisProcess, OpType::kInfo, "stop-" + kind, applied, stop, "");
  }
  // Ops are kept in time order, as a run writes them.
  History history() {
    History h;
    std::stable_sort(ops_.begin(), ops_.end(),
                     [](const Op& a, const Op& b) { return a.time_ns < b.time_ns; });
    for (Op& op : ops_) {
      op.index = static_cast<int64_t>(h.ops.size());
      h.ops.push_back(op);
    }
    return h;
  }

 private:
  void add(int64_t process, OpType type, std::string f, Json value, int64_t t,
           const std::string& node) {
    Op op;
    op.process = process;
    op.type = type;
    op.f = std::move(f);
    op.value = std::move(value);
    op.time_ns = t;
    op.node = node;
    if (process != kNemesisProcess) op.key = "k";
    ops_.push_back(std::move(op));
  }
  std::vector<Op> ops_;
};

const Json kHalves = {{"n1", {"n3"}}, {"n2", {"n3"}}, {"n3", {"n1", "n2"}}};

// Before: 0-5 s all ok. A partition 5-8 s: n1 and n2 ok, n3 fails. After
// the heal all ok until the quiet period (10 s), final reads at 12 s.
History partition_run() {
  HistoryBuilder b;
  int64_t process = 0;
  for (int64_t t = 100 * kMs; t < 5 * kS; t += 100 * kMs)
    b.client(process++, "n1", t, t + 10 * kMs);
  b.fault("partition", kHalves, 5 * kS, 8 * kS);
  for (int64_t t = 5'100 * kMs; t < 7'900 * kMs; t += 100 * kMs) {
    b.client(process++, "n1", t, t + 20 * kMs);
    b.client(process++, "n3", t, t + 30 * kMs, OpType::kFail);
  }
  for (int64_t t = 8'100 * kMs; t < 10 * kS; t += 100 * kMs)
    b.client(process++, "n2", t, t + 10 * kMs);
  b.client(process++, "n1", 12'100 * kMs, 12'200 * kMs);
  return b.history();
}

const PhaseStarts kPhases{10 * kS, 12 * kS, 13 * kS};

TEST(Availability, CutsTheRunIntoPeriodsAndCountsEachByCompletion) {
  const Availability a = measure_availability(partition_run(), kPhases);
  ASSERT_EQ(a.periods.size(), 5u);
  const std::vector<std::string> names = {"before the first fault", "during fault 1 (partition)",
                                          "after the heal of fault 1 (partition)", "quiet period",
                                          "final reads"};
  for (size_t i = 0; i < names.size(); ++i) EXPECT_EQ(a.periods[i].name, names[i]);
  EXPECT_EQ(a.periods[0].start_ns, 100 * kMs);
  EXPECT_EQ(a.periods[1].start_ns, 5 * kS);
  EXPECT_EQ(a.periods[1].end_ns, 8 * kS);  // the stop's completion: the heal
  EXPECT_EQ(a.periods[3].start_ns, 10 * kS);
  EXPECT_EQ(a.periods[4].end_ns, 13 * kS);  // the final phase's end
  EXPECT_EQ(a.periods[0].counts.ok, 49);
  EXPECT_EQ(a.periods[1].counts.ok, 28);
  EXPECT_EQ(a.periods[1].counts.fail, 28);
  EXPECT_EQ(a.periods[2].counts.ok, 19);
  EXPECT_EQ(a.periods[3].counts.total(), 0);
  EXPECT_EQ(a.periods[4].counts.ok, 1);
  EXPECT_NEAR(a.periods[1].counts.ok_per_s, 28.0 / 3.0, 1e-9);
  EXPECT_EQ(a.periods[1].what, "partition: n1,n2 drop n3; n3 drops n1,n2");
}

TEST(Availability, SplitsAPartitionByTheSideOfTheNodeThatServedTheOp) {
  const Availability a = measure_availability(partition_run(), kPhases);
  ASSERT_EQ(a.periods.size(), 5u);
  const AvailabilityPeriod& during = a.periods[1];
  ASSERT_EQ(during.sides.size(), 2u);
  EXPECT_EQ(during.sides[0].nodes, (std::vector<std::string>{"n1", "n2"}));
  EXPECT_EQ(during.sides[0].counts.ok, 28);
  EXPECT_EQ(during.sides[0].counts.fail, 0);
  EXPECT_EQ(during.sides[1].nodes, (std::vector<std::string>{"n3"}));
  EXPECT_EQ(during.sides[1].counts.ok, 0);
  EXPECT_EQ(during.sides[1].counts.fail, 28);
  EXPECT_TRUE(a.periods[0].sides.empty());
}

TEST(Availability, AnOpCountsWhereItCompletedAndOneNeverCompletedAsInfoWhereInvoked) {
  HistoryBuilder b;
  b.client(0, "n1", 1 * kS, 2 * kS);
  b.fault("pause", {{"nodes", {"n1"}}}, 3 * kS, 6 * kS);
  b.client(1, "n1", 2'900 * kMs, 4 * kS, OpType::kInfo);  // invoked before, seen during
  b.client(2, "n1", 5 * kS, -1);                          // never completed
  b.client(3, "n1", 7 * kS, 7'100 * kMs);
  const Availability a = measure_availability(b.history(), {});
  ASSERT_EQ(a.periods.size(), 3u);
  EXPECT_EQ(a.periods[0].counts.ok, 1);
  EXPECT_EQ(a.periods[0].counts.info, 0);
  EXPECT_EQ(a.periods[1].counts.info, 2);
  ASSERT_TRUE(a.periods[1].counts.latency);
  EXPECT_EQ(a.periods[1].counts.latency->max, 1'100 * kMs);  // the one that completed
  EXPECT_TRUE(a.periods[1].sides.empty());                   // not a partition
  EXPECT_EQ(a.periods[2].name, "after the heal of fault 1 (pause)");
  EXPECT_EQ(a.periods[2].counts.ok, 1);
}

TEST(Availability, LatencyPercentilesAreNearestRank) {
  HistoryBuilder b;
  for (int64_t i = 1; i <= 100; ++i) b.client(i, "n1", i * kS, i * kS + i * kMs);
  const Availability a = measure_availability(b.history(), {});
  ASSERT_EQ(a.periods.size(), 1u);
  ASSERT_TRUE(a.periods[0].counts.latency);
  EXPECT_EQ(a.periods[0].counts.latency->p50, 50 * kMs);
  EXPECT_EQ(a.periods[0].counts.latency->p95, 95 * kMs);
  EXPECT_EQ(a.periods[0].counts.latency->p99, 99 * kMs);
  EXPECT_EQ(a.periods[0].counts.latency->max, 100 * kMs);
}

// Ops every 40 ms (25 to a 1 s window): all ok before a kill, all failing
// until `fails_until` after its heal at 8 s, ok after.
History kill_run(int64_t fails_until, int64_t end) {
  HistoryBuilder b;
  b.fault("kill", {{"nodes", {"n1"}}}, 5 * kS, 8 * kS);
  int64_t process = 0;
  for (int64_t t = 40 * kMs; t < end; t += 40 * kMs) {
    const bool failing = t >= 5 * kS && t < fails_until;
    b.client(process++, "n1", t - 5 * kMs, t, failing ? OpType::kFail : OpType::kOk);
  }
  return b.history();
}

TEST(Availability, RecoveryIsTheFirstWindowAfterTheHealBackNearThePreFaultOkPerSecond) {
  // Before: 124 ok in 4.965 s (24.97/s). Fails at 8.00 ... 8.80 s: the first
  // window with 23 ok (>= 90% of 24.97) starts at the second-to-last fail,
  // 8.76 s; the one before it has 22.
  const Availability a = measure_availability(kill_run(8'801 * kMs, 12 * kS), {});
  ASSERT_EQ(a.recoveries.size(), 1u);
  const Recovery& r = a.recoveries[0];
  EXPECT_EQ(r.fault, 1);
  EXPECT_EQ(r.kind, "kill");
  EXPECT_EQ(r.healed_ns, 8 * kS);
  ASSERT_TRUE(r.ok_per_s_before);
  EXPECT_NEAR(*r.ok_per_s_before, 124 / 4.965, 1e-9);
  ASSERT_TRUE(r.recovered_ns);
  EXPECT_EQ(*r.recovered_ns, 8'760 * kMs);
}

TEST(Availability, RecoveryIsZeroWhenTheFirstWindowAfterTheHealIsAlreadyFine) {
  const Availability a = measure_availability(kill_run(8 * kS, 12 * kS), {});
  ASSERT_EQ(a.recoveries.size(), 1u);
  ASSERT_TRUE(a.recoveries[0].recovered_ns);
  EXPECT_EQ(*a.recoveries[0].recovered_ns, 8 * kS);
}

TEST(Availability, ARunThatEndsBeforeTheOkRateIsBackDidNotRecover) {
  // Failing until 11.5 s of a run that ends at 12 s: no whole window after.
  const Availability a = measure_availability(kill_run(11'500 * kMs, 12 * kS), {});
  ASSERT_EQ(a.recoveries.size(), 1u);
  ASSERT_TRUE(a.recoveries[0].ok_per_s_before);
  EXPECT_FALSE(a.recoveries[0].recovered_ns);
  const Json json = availability_to_json(a);
  EXPECT_TRUE(json["recoveries"][0]["recovered_after_s"].is_null());
  ASSERT_EQ(recovery_lines(json).size(), 1u);
  EXPECT_NE(recovery_lines(json)[0].find("did not recover within the run"), std::string::npos)
      << recovery_lines(json)[0];
}

TEST(Availability, RecoveryMustComeBeforeTheNextFaultBegins) {
  // As above, but a second fault begins at 9.5 s: the window from 8.76 s
  // would end after it.
  HistoryBuilder b;
  b.fault("kill", {{"nodes", {"n1"}}}, 5 * kS, 8 * kS);
  b.fault("pause", {{"nodes", {"n2"}}}, 9'500 * kMs, 10 * kS);
  int64_t process = 0;
  for (int64_t t = 40 * kMs; t < 12 * kS; t += 40 * kMs) {
    const bool failing = t >= 5 * kS && t < 8'801 * kMs;
    b.client(process++, "n1", t - 5 * kMs, t, failing ? OpType::kFail : OpType::kOk);
  }
  const Json json = availability_to_json(measure_availability(b.history(), {}));
  ASSERT_EQ(json["recoveries"].size(), 2u);
  EXPECT_TRUE(json["recoveries"][0]["recovered_after_s"].is_null()) << json.dump();
  EXPECT_EQ(json["recoveries"][0]["next_fault"], 2);
  EXPECT_NE(recovery_lines(json)[0].find("did not recover before fault 2 began"), std::string::npos)
      << recovery_lines(json)[0];
  EXPECT_TRUE(json["recoveries"][1]["next_fault"].is_null());
  EXPECT_DOUBLE_EQ(json["recoveries"][1]["recovered_after_s"].get<double>(), 0.0);
}

// A database that stalls after the heal: the few ops it answers are ok, but
// far fewer than before. Not recovered until the ops per second are back.
TEST(Availability, AStallAfterTheHealIsNoRecoveryEvenIfEveryOpIsOk) {
  HistoryBuilder b;
  b.fault("pause", {{"nodes", {"n1"}}}, 5 * kS, 8 * kS);
  int64_t process = 0;
  for (int64_t t = 40 * kMs; t < 12 * kS; t += 40 * kMs) {
    if (t >= 5 * kS && t < 8 * kS) continue;                           // nothing during the pause
    if (t >= 8 * kS && t < 10 * kS && t % (400 * kMs) != 0) continue;  // 1 op in 10 until 10 s
    b.client(process++, "n1", t - 5 * kMs, t);
  }
  const Availability a = measure_availability(b.history(), {});
  ASSERT_EQ(a.recoveries.size(), 1u);
  ASSERT_TRUE(a.recoveries[0].recovered_ns);
  // Every op from 8 s was ok, but the window from 9.6 s holds 1 + 15 ok:
  // only the one from 10.0 s holds 25 (>= 90% of 24.97).
  EXPECT_EQ(*a.recoveries[0].recovered_ns, 10 * kS);
}

TEST(Availability, AFaultWithNoOpBeforeItHasNoLevelToRecoverTo) {
  HistoryBuilder b;
  b.fault("pause", {{"nodes", {"n1"}}}, 0, 2 * kS);
  b.client(0, "n1", 3 * kS, 3'100 * kMs);
  const Availability a = measure_availability(b.history(), {});
  ASSERT_EQ(a.recoveries.size(), 1u);
  EXPECT_FALSE(a.recoveries[0].ok_per_s_before);
  EXPECT_FALSE(a.recoveries[0].recovered_ns);
  EXPECT_NE(recovery_lines(availability_to_json(a))[0].find("no op succeeded before it"),
            std::string::npos);
}

TEST(Availability, AFaultNeverHealedHasNoRecoveryAndLastsToTheEnd) {
  HistoryBuilder b;
  b.client(0, "n1", 1 * kS, 1'100 * kMs);
  b.fault("partition", kHalves, 2 * kS, -1);
  b.client(1, "n3", 3 * kS, 4 * kS, OpType::kInfo);
  const Availability a = measure_availability(b.history(), {});
  ASSERT_EQ(a.periods.size(), 2u);
  EXPECT_EQ(a.periods[1].kind, PeriodKind::kFault);
  EXPECT_EQ(a.periods[1].end_ns, 4 * kS);
  EXPECT_TRUE(a.recoveries.empty());
}

TEST(Availability, OverlappingFaultsMakeOnePeriodNamingBoth) {
  HistoryBuilder b;
  b.client(0, "n1", 1 * kS, 1'100 * kMs);
  b.fault("partition", kHalves, 2 * kS, 6 * kS);
  b.fault("pause", {{"nodes", {"n2"}}}, 4 * kS, 5 * kS);
  b.client(1, "n1", 7 * kS, 7'100 * kMs);
  const Availability a = measure_availability(b.history(), {});
  std::vector<std::string> names;
  for (const AvailabilityPeriod& p : a.periods) names.push_back(p.name);
  EXPECT_EQ(names, (std::vector<std::string>{"before the first fault", "during fault 1 (partition)",
                                             "during faults 1, 2 (partition, pause)",
                                             "during fault 1 (partition)",
                                             "after the heal of fault 1 (partition)"}));
}

TEST(Availability, AnEmptyOrUntimedHistoryHasNoPeriods) {
  EXPECT_TRUE(measure_availability(History{}, {}).periods.empty());
  HistoryBuilder b;
  b.client(0, "n1", -1, -1);
  const Availability a = measure_availability(b.history(), {});
  EXPECT_TRUE(a.periods.empty());
  EXPECT_EQ(a.untimed_ops, 1);
}

TEST(Availability, PhaseStartsComeFromResultsJsonInSeconds) {
  const PhaseStarts p = phase_starts_of(
      Json{{"phase_starts_s", {{"main", 0.0}, {"quiesce", 30.5}, {"final", 35.25}}}});
  EXPECT_EQ(p.quiesce_ns, 30'500 * kMs);
  EXPECT_EQ(p.final_ns, 35'250 * kMs);
  EXPECT_EQ(p.done_ns, -1);
  EXPECT_EQ(phase_starts_of(Json{{"phase_starts_s", "junk"}}).quiesce_ns, -1);
}

TEST(Availability, JsonAndRowsCarryCountsRatesAndLatencies) {
  const Json json = availability_to_json(measure_availability(partition_run(), kPhases));
  ASSERT_EQ(json["periods"].size(), 5u);
  const Json& during = json["periods"][1];
  EXPECT_EQ(during["kind"], "fault");
  EXPECT_EQ(during["faults"], Json::array({1}));
  EXPECT_EQ(during["fail"], 28);
  EXPECT_DOUBLE_EQ(during["ok_rate"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(during["latency_ms"]["max"].get<double>(), 30.0);
  EXPECT_EQ(during["sides"][1]["nodes"], Json::array({"n3"}));
  EXPECT_TRUE(json["periods"][3]["ok_rate"].is_null());  // the quiet period: no ops
  const std::vector<AvailabilityRow> rows = availability_rows(json);
  ASSERT_EQ(rows.size(), 7u);  // 5 periods, 2 sides
  EXPECT_EQ(rows[1].cells,
            (std::vector<std::string>{"during fault 1 (partition)", "5.0", "8.0", "28", "28", "0",
                                      "50.0%", "9.3", "20", "30", "30", "30"}));
  EXPECT_TRUE(rows[2].side);
  EXPECT_EQ(rows[2].cells[0], "side n1,n2");
  EXPECT_EQ(rows[5].cells[6], "-");  // no ok rate in the quiet period
  EXPECT_EQ(rows[0].cells.size(), availability_columns().size());
}

TEST(Availability, TheReportTableEscapesEveryValue) {
  HistoryBuilder b;
  b.client(0, "<b>n1", 1 * kS, 1'100 * kMs);
  b.fault("partition", {{"<b>n1", {"n3"}}, {"n3", {"<b>n1"}}}, 2 * kS, 3 * kS);
  b.client(1, "<b>n1", 2'500 * kMs, 2'600 * kMs);
  b.fault("<script>", Json::object(), 4 * kS, 5 * kS);
  b.client(2, "n1", 6 * kS, 6'100 * kMs);
  const std::string html =
      report_detail::render_availability(Json::object(), to_op_table(b.history()));
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("side &lt;b&gt;n1"), std::string::npos);
}

TEST(Availability, TheReportShowsTheStoredTableRatherThanMeasuringAgain) {
  const Json stored = {{"periods",
                        {{{"period", "stored <period>"},
                          {"kind", "before"},
                          {"start_s", 0.0},
                          {"end_s", 1.0},
                          {"ok", 3},
                          {"fail", 0},
                          {"info", 0}}}},
                       {"recoveries", Json::array()}};
  const std::string page =
      render_report(Json{{"test", "t"}, {"availability", stored}}, partition_run());
  EXPECT_NE(
      page.find("<h2>Availability, as the clients saw it</h2>\n<table class=\"availability\">"),
      std::string::npos);
  EXPECT_NE(page.find("stored &lt;period&gt;"), std::string::npos);
  EXPECT_EQ(page.find("during fault 1 (partition)</td>"), std::string::npos);
  // Without it (an older store), measured from the history.
  const std::string measured = render_report(Json{{"test", "t"}}, partition_run());
  EXPECT_NE(measured.find("<td>during fault 1 (partition)</td>"), std::string::npos);
}

}  // namespace
}  // namespace faultline
