// End to end without a database: the runner drives list-append and
// rw-register against the in-memory txn store, and check_history() runs
// Elle on the history. An honest store is valid; one whose reads come from
// a stale snapshot is caught with the anomalies that allows.
#include "workloads/memory_txn.h"

#include <gtest/gtest.h>

#include "tests/support/workload_run.h"
#include "workloads/catalog.h"
#include "workloads/check_history.h"

namespace faultline {
namespace {

GeneratorOptions options(uint64_t seed) {
  GeneratorOptions o;
  o.concurrency = 5;
  o.max_ops = 1500;
  o.seed = seed;
  return o;
}

CheckOutcome run_and_check(const std::string& workload, const ClientFactory& clients,
                           const ElleChoice& elle = {}) {
  const RunnerOptions runner{{"n1", "n2"}, std::chrono::seconds(5)};
  const WorkloadRun run = run_to_history(options(3), make_workload(workload), clients, runner);
  EXPECT_EQ(run.error, "");
  EXPECT_EQ(run.summary.reached, Phase::kDone);
  CheckerChoice choice = *checker_for(workload);
  choice.elle = elle;
  return check_history(run.history, choice);
}

TEST(MemoryTxnStore, AppendsAndReadsInOneTxn) {
  MemoryTxnStore store(elle::TxnWorkload::kListAppend);
  Op txn;
  txn.f = "txn";
  txn.value = Json::parse(R"([["r",1,null],["append",1,5],["append",1,6],["r",1,null]])");
  const Completion done = store.apply(txn);
  ASSERT_EQ(done.type, OpType::kOk);
  EXPECT_EQ(done.value, Json::parse(R"([["r",1,[]],["append",1,5],["append",1,6],["r",1,[5,6]]])"));
  EXPECT_EQ(store.value("1"), Json::parse("[5,6]"));
  txn.value = "nonsense";
  EXPECT_EQ(store.apply(txn).type, OpType::kFail);
}

TEST(MemoryTxnStore, StaleReadsSeeTheSnapshotExceptOfKeysTheTxnWrites) {
  MemoryTxnStore store(elle::TxnWorkload::kListAppend);
  Op txn;
  txn.f = "txn";
  txn.value = Json::parse(R"([["append","x",1],["append","x",2]])");
  store.apply(txn);
  const std::map<std::string, Json> snapshot{{"x", Json::parse("[1]")}, {"y", Json::parse("[]")}};
  txn.value = Json::parse(R"([["r","x",null],["append","y",3],["r","y",null]])");
  EXPECT_EQ(store.apply(txn, &snapshot).value,
            Json::parse(R"([["r","x",[1]],["append","y",3],["r","y",[3]]])"));
  EXPECT_EQ(store.value("x"), Json::parse("[1,2]"));
  EXPECT_EQ(store.value("y"), Json::parse("[3]"));
}

TEST(MemoryTxn, AnHonestListAppendStoreWithFailsAndInfosIsValid) {
  MemoryTxnStore store(elle::TxnWorkload::kListAppend);
  const CheckOutcome outcome = run_and_check(
      "list-append", memory_txn_clients(store, {.fail_rate = 0.05, .info_rate = 0.05}, 1),
      {.realtime = true, .process_order = true, .expect = ""});
  EXPECT_EQ(outcome.checker, "elle");
  EXPECT_EQ(outcome.verdict, Verdict::kValid) << outcome.summary;
  EXPECT_EQ(outcome.details["valid"], true);
  EXPECT_EQ(outcome.details["model"], "list-append");
  EXPECT_GT(outcome.details["txns"]["ok"].get<int>(), 1000);
  EXPECT_GT(outcome.details["txns"]["info"].get<int>(), 0);
  EXPECT_EQ(outcome.summary.rfind("elle: valid", 0), 0u) << outcome.summary;
}

TEST(MemoryTxn, AnHonestRwRegisterStoreIsValid) {
  MemoryTxnStore store(elle::TxnWorkload::kRwRegister);
  const CheckOutcome outcome =
      run_and_check("rw-register", memory_txn_clients(store, {.fail_rate = 0.05}, 2));
  EXPECT_EQ(outcome.verdict, Verdict::kValid) << outcome.summary;
  EXPECT_EQ(outcome.details["model"], "rw-register");
}

// Stale reads miss writes, they never invent one: only cycles through an
// anti-dependency, and appends a (stale) final read did not see.
void expect_only_missed_writes(const Json& details) {
  bool cycle_with_rw = false;
  for (const Json& type : details["anomaly_types"]) {
    const std::string t = type.get<std::string>();
    const bool rw_cycle = t == "G-single" || t == "G2-item" || t == "G-nonadjacent";
    EXPECT_TRUE(rw_cycle || t == "lost-append") << t;
    cycle_with_rw = cycle_with_rw || rw_cycle;
  }
  EXPECT_TRUE(cycle_with_rw) << details["anomaly_types"];
}

TEST(MemoryTxn, StaleSnapshotReadsAreCaughtAsGSingleOrG2Item) {
  MemoryTxnStore store(elle::TxnWorkload::kListAppend);
  const CheckOutcome outcome =
      run_and_check("list-append", memory_txn_clients(store, {.stale_read_rate = 0.3}, 4));
  EXPECT_EQ(outcome.verdict, Verdict::kInvalid) << outcome.summary;
  expect_only_missed_writes(outcome.details);
  EXPECT_NE(outcome.summary.find("anomalies:"), std::string::npos) << outcome.summary;
  EXPECT_NE(outcome.summary.find("-rw->"), std::string::npos) << outcome.summary;
}

TEST(MemoryTxn, StaleReadsAgainstAClaimOfReadCommittedAreReportedButValid) {
  MemoryTxnStore store(elle::TxnWorkload::kListAppend);
  const CheckOutcome outcome =
      run_and_check("list-append", memory_txn_clients(store, {.stale_read_rate = 0.3}, 4),
                    {.expect = "read-committed"});
  EXPECT_EQ(outcome.verdict, Verdict::kValid) << outcome.summary;
  EXPECT_EQ(outcome.details["expected"], "read-committed");
  EXPECT_FALSE(outcome.details["anomaly_types"].empty());
}

}  // namespace
}  // namespace faultline
