// Which consistency models each anomaly rules out (docs: README, "How the
// transaction checker works"), on hand-made histories: internal inconsistency
// is allowed by read committed, a future read by nothing, and an
// anti-dependency cycle whose rw edges are never adjacent by no snapshot.
#include <gtest/gtest.h>

#include "checkers/elle/anomaly.h"
#include "checkers/elle/elle_report.h"
#include "tests/checkers/txn_events.h"

namespace faultline {
namespace {

using elle::ElleOptions;
using elle::ElleResult;
using testing::cycle_text;
using testing::expect_anomaly;
using testing::Txns;

using Models = std::vector<std::string>;

ElleResult check(const Txns& txns, elle::TxnWorkload workload, const std::string& expected = "") {
  ElleOptions options;
  options.workload = workload;
  options.expected_model = expected;
  return elle::check_elle(txns.history(), options);
}

std::string types(const ElleResult& r) {
  std::string text;
  for (const auto& [type, count] : r.anomaly_counts) text += type + " ";
  return text;
}

const Models kAll = {"read-committed", "repeatable-read", "snapshot-isolation", "serializable",
                     "strict-serializable"};
const Models kRepeatableReadAndUp = {"repeatable-read", "snapshot-isolation", "serializable",
                                     "strict-serializable"};

TEST(ElleModelsRuledOut, NonRepeatableReadIsInternalAndReadCommittedAllowsIt) {
  // T1 reads x twice; T0's append commits in between (read committed's
  // statement snapshots): a fuzzy read, forbidden from repeatable read up.
  Txns h;
  h.invoke(1, R"([["r","x",[]],["r","x",[1]]])")
      .txn(0, R"([["append","x",1]])")
      .complete(1, R"([["r","x",[]],["r","x",[1]]])");
  const ElleResult r = check(h, elle::TxnWorkload::kListAppend, "read-committed");
  ASSERT_EQ(types(r), "internal ");
  EXPECT_EQ(r.ruled_out, kRepeatableReadAndUp);
  EXPECT_EQ(r.not_ruled_out, Models{"read-committed"});
  EXPECT_EQ(r.verdict, Verdict::kValid);
  EXPECT_EQ(check(h, elle::TxnWorkload::kListAppend, "repeatable-read").verdict, Verdict::kInvalid);
}

TEST(ElleModelsRuledOut, RegisterReadThatChangedWithinATxnIsInternal) {
  Txns h;
  h.invoke(1, R"([["r","x",null],["r","x",1]])")
      .txn(0, R"([["w","x",1]])")
      .complete(1, R"([["r","x",null],["r","x",1]])")
      .txn(2, R"([["w","y",5],["r","y",6]])")
      .txn(3, R"([["w","y",6]])");
  const ElleResult r = check(h, elle::TxnWorkload::kRwRegister, "read-committed");
  EXPECT_EQ(r.anomaly_counts.at("internal"), 2u) << types(r);
  EXPECT_EQ(r.ruled_out, kRepeatableReadAndUp);
  EXPECT_EQ(r.verdict, Verdict::kValid);
}

TEST(ElleModelsRuledOut, RegisterReadOfItsOwnLaterWriteIsAFutureRead) {
  Txns h;
  h.txn(0, R"([["r","x",7],["w","x",7]])");
  const ElleResult r = check(h, elle::TxnWorkload::kRwRegister, "read-committed");
  EXPECT_EQ(expect_anomaly(r, "future-read").description,
            "T0 read 7 of x before it wrote that value itself");
  EXPECT_EQ(r.anomaly_counts.count("internal"), 0u);
  EXPECT_EQ(r.ruled_out, kAll);
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
}

TEST(ElleModelsRuledOut, ListReadEndingInItsOwnLaterAppendIsAFutureRead) {
  Txns h;
  h.txn(0, R"([["append","x",1]])").txn(1, R"([["r","x",[1,2]],["append","x",2]])");
  const ElleResult r = check(h, elle::TxnWorkload::kListAppend);
  EXPECT_EQ(expect_anomaly(r, "future-read").description,
            "T2 read [1 2] of x before it appended 2 itself");
  EXPECT_EQ(r.ruled_out, kAll);
}

TEST(ElleModelsRuledOut, CycleWithNonAdjacentRwEdgesRulesOutSnapshotIsolation) {
  // A missed B's append to x, B's append to z reached C, C missed D's append
  // to y, and D's append to w reached A: under snapshot isolation D committed
  // before A began, before B committed, before C began, before D committed.
  Txns h;
  h.invoke(0, R"([["r","x",[]],["r","w",[1]]])")
      .invoke(1, R"([["append","x",1],["append","z",1]])")
      .invoke(2, R"([["r","z",[1]],["r","y",[]]])")
      .invoke(3, R"([["append","y",1],["append","w",1]])")
      .complete(3, R"([["append","y",1],["append","w",1]])")
      .complete(0, R"([["r","x",[]],["r","w",[1]]])")
      .complete(1, R"([["append","x",1],["append","z",1]])")
      .complete(2, R"([["r","z",[1]],["r","y",[]]])");
  const ElleResult r = check(h, elle::TxnWorkload::kListAppend);
  const elle::Anomaly& cycle = expect_anomaly(r, "G-nonadjacent");
  EXPECT_EQ(cycle_text(cycle), "T0 -rw-> T1 -wr-> T2 -rw-> T3 -wr-> T0") << types(r);
  EXPECT_EQ(r.ruled_out, kRepeatableReadAndUp);
}

TEST(ElleModelsRuledOut, RegisterLostUpdateIsNamedAndRulesOutSnapshotIsolation) {
  // T2 and T3 both read T1's 1 of x and each wrote x: one update is lost.
  // The inferred cycle alone (two adjacent rw edges, G2-item) would leave
  // snapshot isolation open, but first-committer-wins forbids exactly this.
  Txns h;
  h.txn(0, R"([["w","x",1]])")
      .invoke(1, R"([["r","x",null],["w","x",2]])")
      .invoke(2, R"([["r","x",null],["w","x",3]])")
      .complete(1, R"([["r","x",1],["w","x",2]])")
      .complete(2, R"([["r","x",1],["w","x",3]])");
  const ElleResult r = check(h, elle::TxnWorkload::kRwRegister, "read-committed");
  const elle::Anomaly& lost = expect_anomaly(r, "lost-update");
  EXPECT_EQ(lost.description,
            "2 txns read 1 of x and each then wrote it (T2 wrote 2, T3 wrote 3): all but one of "
            "these updates were lost");
  EXPECT_EQ(lost.txns, (std::vector<elle::TxnId>{1, 2}));
  EXPECT_EQ(r.ruled_out, kRepeatableReadAndUp) << types(r);
  EXPECT_EQ(r.verdict, Verdict::kValid);  // read committed allows it
  EXPECT_EQ(check(h, elle::TxnWorkload::kRwRegister, "snapshot-isolation").verdict,
            Verdict::kInvalid);
}

TEST(ElleModelsRuledOut, RegisterLostUpdateFromTheInitialStateToo) {
  Txns h;
  h.invoke(1, R"([["r","x",null],["w","x",1]])")
      .invoke(2, R"([["r","x",null],["w","x",2]])")
      .complete(1, R"([["r","x",null],["w","x",1]])")
      .complete(2, R"([["r","x",null],["w","x",2]])");
  const ElleResult r = check(h, elle::TxnWorkload::kRwRegister, "snapshot-isolation");
  EXPECT_EQ(expect_anomaly(r, "lost-update").txns, (std::vector<elle::TxnId>{0, 1}));
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
}

TEST(ElleModelsRuledOut, RegisterUpdatesInTurnLoseNothing) {
  // Each update read the one before it; a failed txn's read-then-write and a
  // txn that only read the shared version are no second updater.
  Txns h;
  h.txn(0, R"([["w","x",1]])")
      .txn(1, R"([["r","x",1],["w","x",2]])")
      .txn(2, R"([["r","x",2],["w","x",3]])")
      .txn(3, R"([["r","x",2]])")
      .txn(4, R"([["r","x",2],["w","x",4]])", OpType::kFail);
  const ElleResult r = check(h, elle::TxnWorkload::kRwRegister, "serializable");
  EXPECT_EQ(r.anomaly_counts.count("lost-update"), 0u) << types(r);
  EXPECT_EQ(r.verdict, Verdict::kValid) << types(r);
}

TEST(ElleModelsRuledOut, EveryAnomalyTypeMapsAsDocumented) {
  const std::vector<std::pair<std::string, Models>> table = {
      {"G0", kAll},
      {"G1a", kAll},
      {"G1b", kAll},
      {"G1c", kAll},
      {"future-read", kAll},
      {"incompatible-order", kAll},
      {"duplicate-appends", kAll},
      {"garbage-read", kAll},
      {"G-single", kRepeatableReadAndUp},
      {"G-nonadjacent", kRepeatableReadAndUp},
      {"internal", kRepeatableReadAndUp},
      {"lost-update", kRepeatableReadAndUp},
      {"G2-item", {"repeatable-read", "serializable", "strict-serializable"}},
      {"G0-realtime", {"strict-serializable"}},
      {"G2-item-process", {"strict-serializable"}},
      {"lost-append", {"strict-serializable"}},
  };
  for (const auto& [type, models] : table) {
    const auto ruled_out = elle::models_ruled_out_by(type);
    EXPECT_EQ(Models(ruled_out.begin(), ruled_out.end()), models) << type;
  }
}

}  // namespace
}  // namespace faultline
