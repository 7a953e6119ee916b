// The Elle checker on hand-made list-append histories: each anomaly found,
// with its minimal cycle and the models it rules out; valid histories whose
// orders are easy to get wrong.
#include <gtest/gtest.h>

#include "checkers/elle/elle_report.h"
#include "tests/checkers/txn_events.h"

namespace faultline {
namespace {

using elle::ElleOptions;
using elle::ElleResult;
using testing::cycle_text;
using testing::expect_anomaly;
using testing::find_anomaly;
using testing::Txns;

ElleResult check(const Txns& txns, bool realtime = false, bool process = false) {
  ElleOptions options;
  options.realtime_order = realtime;
  options.process_order = process;
  return elle::check_elle(txns.history(), options);
}

std::string dump(const ElleResult& r) { return elle::to_json(r).dump(2); }

std::vector<std::string> strings(std::initializer_list<const char*> items) {
  return {items.begin(), items.end()};
}

TEST(ElleListAppend, SerialHistoryIsValidAndRulesNothingOut) {
  Txns h;
  h.txn(0, R"([["append","x",1],["r","x",[1]]])")
      .txn(1, R"([["r","x",[1]],["append","x",2],["append","y",1]])")
      .txn(0, R"([["r","x",[1,2]],["r","y",[1]]])");
  const ElleResult r = check(h, true, true);
  EXPECT_EQ(r.verdict, Verdict::kValid) << dump(r);
  EXPECT_TRUE(r.anomalies.empty());
  EXPECT_TRUE(r.ruled_out.empty());
  EXPECT_EQ(r.not_ruled_out.size(), 5u);
  EXPECT_EQ(r.txns, 3u);
  EXPECT_GT(r.edges, 0u);
}

TEST(ElleListAppend, WriteCycleIsG0WithItsTwoWwEdges) {
  Txns h;
  h.txn(0, R"([["append","x",1],["append","y",1]])")
      .txn(1, R"([["append","x",2],["append","y",2]])")
      .txn(2, R"([["r","x",[1,2]],["r","y",[2,1]]])");
  const ElleResult r = check(h);
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  const elle::Anomaly& g0 = expect_anomaly(r, "G0");
  EXPECT_EQ(cycle_text(g0), "T0 -ww-> T2 -ww-> T0");
  EXPECT_EQ(g0.steps.at(0).why,
            "T0 appended 1 to x, and T2's append of 2 comes right after it in x's order (T4 read "
            "[1 2])");
  EXPECT_EQ(r.ruled_out.size(), 5u);
  EXPECT_EQ(r.anomaly_counts.size(), 1u) << dump(r);
}

TEST(ElleListAppend, CircularInformationFlowIsG1c) {
  Txns h;
  h.invoke(0, R"([["append","x",1],["r","y",[1]]])")
      .invoke(1, R"([["append","y",1],["r","x",[1]]])")
      .complete(0, R"([["append","x",1],["r","y",[1]]])")
      .complete(1, R"([["append","y",1],["r","x",[1]]])");
  const ElleResult r = check(h);
  const elle::Anomaly& g1c = expect_anomaly(r, "G1c");
  EXPECT_EQ(cycle_text(g1c), "T0 -wr-> T1 -wr-> T0");
  EXPECT_EQ(g1c.steps.at(0).why, "T1 read [1] of x, which T0's append of 1 produced");
  EXPECT_EQ(r.ruled_out.size(), 5u);
}

TEST(ElleListAppend, ReadSkewIsGSingleAndRulesOutRepeatableReadButNotReadCommitted) {
  Txns h;
  h.invoke(0, R"([["r","x",[]],["r","y",[1]]])")
      .txn(1, R"([["append","x",1],["append","y",1]])")
      .complete(0, R"([["r","x",[]],["r","y",[1]]])")
      .txn(2, R"([["r","x",[1]],["r","y",[1]]])");
  const ElleResult r = check(h);
  const elle::Anomaly& single = expect_anomaly(r, "G-single");
  EXPECT_EQ(cycle_text(single), "T0 -rw-> T1 -wr-> T0");
  EXPECT_EQ(single.steps.at(0).why,
            "T0 read [] of x, which lacks 1, and T1's append of it comes next in x's order");
  EXPECT_EQ(r.ruled_out, strings({"repeatable-read", "snapshot-isolation", "serializable",
                                  "strict-serializable"}));
  EXPECT_EQ(r.not_ruled_out, strings({"read-committed"}));
}

TEST(ElleListAppend, WriteSkewIsG2ItemAndSnapshotIsolationStaysPossible) {
  Txns h;
  h.txn(0, R"([["append","x",1],["append","y",1]])")
      .invoke(1, R"([["r","x",[1]],["append","y",2]])")
      .invoke(2, R"([["r","y",[1]],["append","x",2]])")
      .complete(1, R"([["r","x",[1]],["append","y",2]])")
      .complete(2, R"([["r","y",[1]],["append","x",2]])")
      .txn(3, R"([["r","x",[1,2]],["r","y",[1,2]]])");
  const ElleResult r = check(h);
  const elle::Anomaly& g2 = expect_anomaly(r, "G2-item");
  EXPECT_EQ(cycle_text(g2), "T2 -rw-> T3 -rw-> T2");
  EXPECT_EQ(r.ruled_out, strings({"repeatable-read", "serializable", "strict-serializable"}));
  EXPECT_EQ(r.not_ruled_out, strings({"read-committed", "snapshot-isolation"}));
}

TEST(ElleListAppend, ReadOfAFailedAppendIsG1a) {
  Txns h;
  h.txn(0, R"([["append","x",1]])", OpType::kFail).txn(1, R"([["r","x",[1]]])");
  const ElleResult r = check(h);
  const elle::Anomaly& g1a = expect_anomaly(r, "G1a");
  EXPECT_EQ(g1a.description,
            "T2 read [1] of x, but 1 was appended by T0, which failed (aborted read)");
  ASSERT_EQ(g1a.evidence.size(), 2u);
  EXPECT_EQ(g1a.evidence.at(1).outcome, OpType::kFail);
  EXPECT_EQ(g1a.evidence.at(1).micro_ops, strings({"[append x 1]"}));
}

TEST(ElleListAppend, ReadOfAnIntermediateAppendIsG1bOncePerTxn) {
  Txns h;
  h.invoke(0, R"([["append","x",1],["append","x",2]])")
      .txn(1, R"([["r","x",[1]],["r","x",[1]]])")
      .complete(0, R"([["append","x",1],["append","x",2]])");
  const ElleResult r = check(h);
  const elle::Anomaly& g1b = expect_anomaly(r, "G1b");
  EXPECT_EQ(r.anomaly_counts.at("G1b"), 1u);
  EXPECT_EQ(g1b.description,
            "T1 read [1] of x, but T0 appended 1 and later appended more to x (intermediate read)");
}

TEST(ElleListAppend, ReadBlindToItsOwnAppendIsInternal) {
  Txns h;
  h.txn(0, R"([["append","x",1],["r","x",[]]])");
  const ElleResult r = check(h);
  const elle::Anomaly& internal = expect_anomaly(r, "internal");
  EXPECT_EQ(internal.description,
            "T0 read [] of x, but it had appended [1] to it, so the read must end so");
}

TEST(ElleListAppend, SecondReadDisagreeingWithTheFirstIsInternal) {
  Txns h;
  h.txn(0, R"([["append","x",1]])").txn(1, R"([["r","x",[1]],["append","x",2],["r","x",[1,3]]])");
  EXPECT_NE(find_anomaly(check(h), "internal"), nullptr);
}

TEST(ElleListAppend, ReadsThatAreNotPrefixesOfEachOtherAreAnIncompatibleOrder) {
  Txns h;
  h.txn(0, R"([["append","x",1]])")
      .txn(1, R"([["append","x",2]])")
      .txn(2, R"([["append","x",3]])")
      .txn(3, R"([["r","x",[1,2]]])")
      .txn(4, R"([["r","x",[1,3,2]]])");
  const ElleResult r = check(h);
  const elle::Anomaly& incompatible = expect_anomaly(r, "incompatible-order");
  EXPECT_EQ(incompatible.description,
            "T6 read [1 2] of x and T8 read [1 3 2] of x: neither is a prefix of the other, so x "
            "has no single order");
}

TEST(ElleListAppend, ValueReadTwiceIsADuplicateAppendAndUnknownValueAGarbageRead) {
  Txns h;
  h.txn(0, R"([["append","x",1]])").txn(1, R"([["r","x",[1,1,7]]])");
  const ElleResult r = check(h);
  EXPECT_NE(find_anomaly(r, "duplicate-appends"), nullptr) << dump(r);
  const elle::Anomaly& garbage = expect_anomaly(r, "garbage-read");
  EXPECT_EQ(garbage.description, "T2 read [1 1 7] of x, but no txn appended 7");
}

TEST(ElleListAppend, AcknowledgedAppendMissingFromAFinalReadIsLostAndOnlyStrictOrderRuledOut) {
  Txns h;
  h.txn(0, R"([["append","x",1]])").txn(1, R"([["append","x",2]])").txn(2, R"([["r","x",[1]]])");
  const ElleResult r = check(h);
  const elle::Anomaly& lost = expect_anomaly(r, "lost-append");
  EXPECT_EQ(lost.description,
            "T2 appended 2 to x and was acknowledged, but T4 read [1] of x, invoked after every "
            "acknowledged append to x had completed, lacks it");
  EXPECT_EQ(r.ruled_out, strings({"strict-serializable"}));
}

TEST(ElleListAppend, StaleReadIsACycleOnlyWithRealtimeOrder) {
  // T2 starts after T0 completed, yet misses its append; T4, concurrent with
  // T2, appends later, so T2's read is no final read.
  Txns h;
  h.txn(0, R"([["append","x",1]])")
      .invoke(1, R"([["r","x",[]]])")
      .invoke(2, R"([["append","x",2]])")
      .complete(1, R"([["r","x",[]]])")
      .complete(2, R"([["append","x",2]])")
      .txn(3, R"([["r","x",[1,2]]])");
  const ElleResult serializable = check(h);
  EXPECT_EQ(serializable.verdict, Verdict::kValid) << dump(serializable);
  const ElleResult strict = check(h, true);
  const elle::Anomaly& cycle = expect_anomaly(strict, "G-single-realtime");
  EXPECT_EQ(cycle_text(cycle), "T0 -realtime-> T2 -rw-> T0");
  EXPECT_EQ(cycle.steps.at(0).why, "T0 completed (line 2) before T2 was invoked (line 3)");
  EXPECT_EQ(strict.ruled_out, strings({"strict-serializable"}));
}

TEST(ElleListAppend, StaleReadOnTheSameProcessIsAProcessCycle) {
  Txns h;
  h.txn(0, R"([["append","x",1]])")
      .invoke(1, R"([["append","x",2]])")
      .txn(0, R"([["r","x",[]]])")
      .complete(1, R"([["append","x",2]])")
      .txn(2, R"([["r","x",[1,2]]])");
  const ElleResult r = check(h, false, true);
  const elle::Anomaly& cycle = expect_anomaly(r, "G-single-process");
  EXPECT_EQ(cycle_text(cycle), "T0 -process-> T3 -rw-> T0");
  EXPECT_EQ(cycle.steps.at(0).why, "T0 and then T3 ran on process 0");
}

TEST(ElleListAppend, InfoTxnOrdersNothingAfterItOnItsProcess) {
  // T0 timed out and took effect after T2 read: no process edge T0 -> T2.
  Txns h;
  h.invoke(0, R"([["append","x",1]])")
      .complete(0, R"([["append","x",1]])", OpType::kInfo)
      .txn(0, R"([["r","x",[]]])")
      .txn(1, R"([["r","x",[1]]])");
  const ElleResult r = check(h, false, true);
  EXPECT_EQ(r.verdict, Verdict::kValid) << dump(r);
}

TEST(ElleListAppend, TheShortestCycleOfALongerComponentIsReported) {
  // T0 -> T2 -> T4 -> T0 by ww on x, y, z; and a longer way round through w.
  Txns h;
  h.txn(0, R"([["append","x",1],["append","z",2],["append","w",1]])")
      .txn(1, R"([["append","x",2],["append","y",1],["append","w",2]])")
      .txn(2, R"([["append","y",2],["append","z",1],["append","w",3]])")
      .txn(3, R"([["r","x",[1,2]],["r","y",[1,2]],["r","z",[1,2]],["r","w",[3,2,1]]])");
  const ElleResult r = check(h);
  const elle::Anomaly& g0 = expect_anomaly(r, "G0");
  EXPECT_EQ(g0.steps.size(), 2u) << cycle_text(g0);
  EXPECT_TRUE(g0.shortest);
}

TEST(ElleListAppend, RecoveredInfoAppendIsPartOfTheOrderAndUnseenOnesAreIgnored) {
  Txns h;
  h.invoke(0, R"([["append","x",1]])")
      .complete(0, R"([["append","x",1]])", OpType::kInfo)
      .invoke(1, R"([["append","x",2]])")
      .complete(1, R"([["append","x",2]])", OpType::kInfo)
      .txn(2, R"([["append","x",3]])")
      .txn(3, R"([["r","x",[1,3]]])");
  const ElleResult r = check(h, true, true);
  EXPECT_EQ(r.verdict, Verdict::kValid) << dump(r);
  EXPECT_EQ(r.info, 2u);
}

TEST(ElleListAppend, ConcurrentTxnsMayTakeEffectInEitherOrder) {
  // T1 invoked first but took effect second: valid even in real time.
  Txns h;
  h.invoke(0, R"([["append","x",1],["r","y",[1]]])")
      .invoke(1, R"([["append","y",1],["r","x",[]]])")
      .complete(1, R"([["append","y",1],["r","x",[]]])")
      .complete(0, R"([["append","x",1],["r","y",[1]]])")
      .txn(2, R"([["r","x",[1]],["r","y",[1]]])");
  const ElleResult r = check(h, true, true);
  EXPECT_EQ(r.verdict, Verdict::kValid) << dump(r);
}

TEST(ElleListAppend, AppendNoReadSawComesAfterEveryRead) {
  // Neither txn saw the other's append, and both appends were acknowledged:
  // whichever came first, the other should have seen it.
  Txns h;
  h.invoke(0, R"([["append","x",1],["r","y",[]]])")
      .invoke(1, R"([["append","y",1],["r","x",[]]])")
      .complete(0, R"([["append","x",1],["r","y",[]]])")
      .complete(1, R"([["append","y",1],["r","x",[]]])");
  const ElleResult r = check(h);
  const elle::Anomaly& g2 = expect_anomaly(r, "G2-item");
  EXPECT_EQ(
      g2.steps.at(0).why,
      "T0 read [] of y; T1 appended 1 to y and was acknowledged, but no read saw it: it comes "
      "after every value read");
}

TEST(ElleListAppend, NonUniqueAppendsMakeTheVerdictUnknown) {
  Txns h;
  h.txn(0, R"([["append","x",1]])").txn(1, R"([["append","x",1]])").txn(2, R"([["r","x",[1]]])");
  const ElleResult r = check(h);
  EXPECT_EQ(r.verdict, Verdict::kUnknown) << dump(r);
  ASSERT_EQ(r.unknown_because.size(), 1u);
  EXPECT_NE(r.unknown_because[0].find("appended twice (T0, T2)"), std::string::npos);
}

TEST(ElleListAppend, HistoryWithoutTxnsIsUnknown) {
  History h;
  Op op;
  op.f = "read";
  h.ops.push_back(op);
  const ElleResult r = elle::check_elle(h, {});
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0].message, "1 client ops whose f is not \"txn\" were left out of the check");
  EXPECT_EQ(r.unknown_because, strings({"no txns to check"}));
}

TEST(ElleListAppend, MalformedMicroOpIsAnErrorAtItsLine) {
  Txns h;
  h.txn(0, R"([["append","x",1]])").txn(1, R"([["r","x",5]])");
  const ElleResult r = check(h);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->to_string(),
            "<input>:4: micro-op 1: a list-append read returns a list (or nil)");
}

}  // namespace
}  // namespace faultline

namespace faultline {
namespace {

TEST(ElleListAppend, ExhaustedSearchBudgetStillReportsACycleNotProvenShortest) {
  Txns h;
  h.txn(0, R"([["append","x",1],["append","y",1]])")
      .txn(1, R"([["append","x",2],["append","y",2]])")
      .txn(2, R"([["r","x",[1,2]],["r","y",[2,1]]])");
  elle::ElleOptions options;
  options.cycle_search_budget = 0;
  const elle::ElleResult r = elle::check_elle(h.history(), options);
  ASSERT_EQ(r.anomalies.size(), 1u);
  EXPECT_EQ(r.anomalies[0].type, "G0");
  EXPECT_FALSE(r.anomalies[0].shortest);
}

TEST(ElleListAppend, ACycleThroughEveryTxnIsReportedWholeWithEachStepExplained) {
  // Txn i appends the first value of key i and the second of key i-1, so
  // ww runs i -> i+1 all the way round: one component, one long cycle.
  constexpr int kTxns = 5000;
  testing::Txns h;
  Json final_reads = Json::array();
  for (int i = 0; i < kTxns; ++i) {
    const std::string own = "k" + std::to_string(i);
    const std::string before = "k" + std::to_string((i + kTxns - 1) % kTxns);
    h.txn(
        i % 10,
        Json::array({Json::array({"append", own, 1}), Json::array({"append", before, 2})}).dump());
    final_reads.push_back(Json::array({"r", own, Json::array({1, 2})}));
  }
  h.txn_json(10, final_reads);
  elle::ElleOptions options;
  options.cycle_search_budget = 1'000'000;
  const elle::ElleResult r = elle::check_elle(h.history(), options);
  ASSERT_EQ(r.anomaly_counts.at("G0"), 1u);
  EXPECT_EQ(r.anomalies[0].steps.size(), size_t{kTxns});
  for (const elle::CycleStep& step : r.anomalies[0].steps) EXPECT_FALSE(step.why.empty());
  EXPECT_EQ(r.anomalies[0].steps[0].why,
            "T0 appended 1 to k0, and T2's append of 2 comes right after it in k0's order (T10000 "
            "read [1 2])");
}

}  // namespace
}  // namespace faultline

namespace faultline {
namespace {

TEST(ElleListAppend, LongReadsShowTheirEndsInTheEvidence) {
  Json appends = Json::array(), whole = Json::array();
  for (int v = 1; v <= 100; ++v) {
    appends.push_back(Json::array({"append", "x", v}));
    whole.push_back(v);
  }
  Json other = whole;
  other[99] = 7;
  testing::Txns h;
  h.txn_json(0, appends)
      .txn_json(1, Json::array({Json::array({"r", "x", whole})}))
      .txn_json(2, Json::array({Json::array({"r", "x", other})}));
  const elle::ElleResult r = elle::check_elle(h.history(), {});
  EXPECT_EQ(testing::expect_anomaly(r, "incompatible-order").description,
            "T4 read [1 2 3 4 5 6 ... 95 96 97 98 99 7] of x and T2 read [1 2 3 4 5 6 ... 95 96 97 "
            "98 99 100] of x: neither is a prefix of the other, so x has no single order");
}

}  // namespace
}  // namespace faultline
