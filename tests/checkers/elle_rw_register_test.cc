// The Elle checker on hand-made rw-register histories: the sound subset of
// version orders (nil first, read-then-write, observed writes) and the
// anomalies they reveal; and what it cannot infer.
#include <gtest/gtest.h>

#include "checkers/elle/elle_report.h"
#include "tests/checkers/txn_events.h"

namespace faultline {
namespace {

using elle::ElleResult;
using testing::cycle_text;
using testing::expect_anomaly;
using testing::Txns;

ElleResult check(const Txns& txns) {
  elle::ElleOptions options;
  options.workload = elle::TxnWorkload::kRwRegister;
  return elle::check_elle(txns.history(), options);
}

std::string dump(const ElleResult& r) { return elle::to_json(r).dump(2); }

TEST(ElleRwRegister, ReadsOfCommittedWritesAreValid) {
  Txns h;
  h.txn(0, R"([["r","x",null],["w","x",1]])")
      .txn(1, R"([["r","x",1],["w","x",2],["r","x",2]])")
      .txn(0, R"([["r","x",2],["r","y",null]])");
  const ElleResult r = check(h);
  EXPECT_EQ(r.verdict, Verdict::kValid) << dump(r);
  EXPECT_GT(r.edges, 0u);
}

TEST(ElleRwRegister, WritesOrderedByReadThenWriteBothWaysAreG0) {
  Txns h;
  h.invoke(0, R"([["w","x",1],["r","y",5],["w","y",6]])")
      .invoke(1, R"([["r","x",1],["w","x",2],["w","y",5]])")
      .complete(0, R"([["w","x",1],["r","y",5],["w","y",6]])")
      .complete(1, R"([["r","x",1],["w","x",2],["w","y",5]])");
  const ElleResult r = check(h);
  const elle::Anomaly& g0 = expect_anomaly(r, "G0");
  EXPECT_EQ(cycle_text(g0), "T0 -ww-> T1 -ww-> T0");
  EXPECT_EQ(g0.steps.at(0).why, "T0 wrote 1 to x; T1 read 1 of x and then wrote 2 to it");
}

TEST(ElleRwRegister, ReadingEachOthersWritesIsG1c) {
  Txns h;
  h.invoke(0, R"([["w","x",1],["r","y",1]])")
      .invoke(1, R"([["w","y",1],["r","x",1]])")
      .complete(0, R"([["w","x",1],["r","y",1]])")
      .complete(1, R"([["w","y",1],["r","x",1]])");
  const ElleResult r = check(h);
  const elle::Anomaly& g1c = expect_anomaly(r, "G1c");
  EXPECT_EQ(g1c.steps.at(0).why, "T1 read 1 of x, which T0 wrote");
}

TEST(ElleRwRegister, ReadOfTheInitialStateBesideANewerValueIsGSingle) {
  Txns h;
  h.invoke(0, R"([["r","x",null],["r","y",1]])")
      .txn(1, R"([["w","x",1],["w","y",1]])")
      .complete(0, R"([["r","x",null],["r","y",1]])");
  const ElleResult r = check(h);
  const elle::Anomaly& single = expect_anomaly(r, "G-single");
  EXPECT_EQ(cycle_text(single), "T0 -rw-> T1 -wr-> T0");
  EXPECT_EQ(single.steps.at(0).why,
            "T0 read nil of x (the initial state), and T1 wrote 1 to it, a later version");
}

TEST(ElleRwRegister, LostUpdateIsNamedBesideItsG2ItemCycle) {
  // Both read 1 and wrote: each overwrote a version the other read.
  Txns h;
  h.txn(0, R"([["w","x",1]])")
      .invoke(1, R"([["r","x",1],["w","x",2]])")
      .invoke(2, R"([["r","x",1],["w","x",3]])")
      .complete(1, R"([["r","x",1],["w","x",2]])")
      .complete(2, R"([["r","x",1],["w","x",3]])");
  const ElleResult r = check(h);
  const elle::Anomaly& g2 = expect_anomaly(r, "G2-item");
  EXPECT_EQ(cycle_text(g2), "T2 -rw-> T3 -rw-> T2");
  EXPECT_EQ(g2.steps.at(0).why,
            "T2 read 1 of x; T3 read 1 of x and then wrote 3 to it, a later version");
  EXPECT_EQ(expect_anomaly(r, "lost-update").txns, (std::vector<elle::TxnId>{1, 2}));
}

TEST(ElleRwRegister, AbortedIntermediateGarbageAndInternalReads) {
  Txns h;
  h.txn(0, R"([["w","x",1]])", OpType::kFail)
      .txn(1, R"([["w","y",1],["w","y",2]])")
      .txn(2, R"([["r","x",1],["r","y",1],["r","z",9]])")
      .txn(3, R"([["w","w",4],["r","w",5]])");
  const ElleResult r = check(h);
  for (const char* type : {"G1a", "G1b", "garbage-read", "internal"})
    EXPECT_EQ(expect_anomaly(r, type).type, type);
  EXPECT_EQ(expect_anomaly(r, "internal").description,
            "T6 read 5 of w, but its own earlier [w w 4] says it must be 4");
}

TEST(ElleRwRegister, WritesNoReadConnectsAreNotOrdered) {
  // Serially T0 then T1, yet T2 read 1 after T1's 2: a stale read that needs
  // the order of the blind writes, which rw-register does not infer.
  Txns h;
  h.txn(0, R"([["w","x",1]])").txn(1, R"([["w","x",2]])").txn(2, R"([["r","x",1]])");
  EXPECT_EQ(check(h).verdict, Verdict::kValid);
}

}  // namespace
}  // namespace faultline
