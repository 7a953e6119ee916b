// list-append and rw-register against a real etcd: one member on loopback
// (tests/workloads/etcd_process.h), five workers on few keys so their txns
// conflict, checked by Elle with real-time order. Never skipped.
#include <gtest/gtest.h>

#include <set>

#include "tests/support/workload_run.h"
#include "tests/workloads/etcd_process.h"
#include "workloads/catalog.h"
#include "workloads/check_history.h"
#include "workloads/etcd_client.h"

namespace faultline {
namespace {

struct TxnRun {
  WorkloadRun run;
  CheckOutcome outcome;
};

TxnRun run_and_check(const std::string& workload) {
  EtcdProcess etcd;
  EXPECT_EQ(etcd.wait_until_serving(std::chrono::seconds(10)), "");
  GeneratorOptions options;
  options.concurrency = 5;
  options.rate = 200;
  options.time_limit_ns = 2'000'000'000;
  options.seed = 5;
  const RunnerOptions runner{{etcd.endpoint()}, std::chrono::seconds(5)};
  const auto identity = [](const std::string& node) { return node; };
  TxnRun r;
  r.run =
      run_to_history(options, make_workload(workload, {.active_keys = 2, .max_writes_per_key = 20}),
                     etcd_clients(identity, {.workload = *etcd_workload_named(workload)}), runner);
  CheckerChoice choice = *checker_for(workload);
  choice.elle = {.realtime = true, .process_order = true, .expect = "strict-serializable"};
  r.outcome = check_history(r.run.history, choice);
  return r;
}

void expect_valid_with_conflicts(const TxnRun& r, const std::string& workload) {
  ASSERT_EQ(r.run.error, "");
  EXPECT_EQ(r.run.summary.reached, Phase::kDone);
  EXPECT_EQ(r.run.summary.indeterminate, 0) << "a healthy etcd answers every txn";
  EXPECT_EQ(r.outcome.details["model"], workload);
  EXPECT_EQ(r.outcome.verdict, Verdict::kValid) << r.outcome.summary;
  EXPECT_TRUE(r.outcome.details["anomaly_types"].empty()) << r.outcome.summary;
  EXPECT_GT(r.outcome.details["txns"]["ok"].get<int>(), 30) << r.outcome.summary;
  EXPECT_GT(r.outcome.details["txns"]["fail"].get<int>(), 0) << "conflicts fail their compare";
}

TEST(EtcdTxnRun, ConflictingAppendsAreStrictSerializableAndSomeFailTheirCompare) {
  const TxnRun r = run_and_check("list-append");
  expect_valid_with_conflicts(r, "list-append");
  size_t longest_read = 0;
  for (const Op& op : r.run.history.ops)
    if (op.type == OpType::kOk)
      for (const Json& mop : op.value)
        if (mop[0] == "r") longest_read = std::max(longest_read, mop[2].size());
  EXPECT_GE(longest_read, 5u) << "reads see the appends";
}

TEST(EtcdTxnRun, ConflictingRegisterWritesAreStrictSerializableAndReadsSeeThem) {
  const TxnRun r = run_and_check("rw-register");
  expect_valid_with_conflicts(r, "rw-register");
  // Reads return what ok txns wrote (not only nil), so the graph has edges.
  std::set<Json> written, read;
  for (const Op& op : r.run.history.ops) {
    if (op.type != OpType::kOk) continue;
    for (const Json& mop : op.value) {
      if (mop[0] == "w") written.insert(mop[2]);
      if (mop[0] == "r" && !mop[2].is_null()) read.insert(mop[2]);
    }
  }
  size_t seen = 0;
  for (const Json& value : read) seen += written.count(value);
  EXPECT_GE(seen, 10u) << "reads see the writes";
  EXPECT_EQ(seen, read.size()) << "every value read was written by an ok txn";
}

}  // namespace
}  // namespace faultline
