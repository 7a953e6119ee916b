// list-append against a real etcd: one member on loopback
// (tests/workloads/etcd_process.h), five workers on few keys so their txns
// conflict, checked by Elle with real-time order. Never skipped.
#include <gtest/gtest.h>

#include "tests/support/workload_run.h"
#include "tests/workloads/etcd_process.h"
#include "workloads/catalog.h"
#include "workloads/check_history.h"
#include "workloads/etcd_client.h"

namespace faultline {
namespace {

TEST(EtcdAppendRun, ConflictingTxnsAreStrictSerializableAndSomeFailTheirCompare) {
  EtcdProcess etcd;
  ASSERT_EQ(etcd.wait_until_serving(std::chrono::seconds(10)), "");
  GeneratorOptions options;
  options.concurrency = 5;
  options.rate = 200;
  options.time_limit_ns = 2'000'000'000;
  options.seed = 5;
  const RunnerOptions runner{{etcd.endpoint()}, std::chrono::seconds(5)};
  const auto identity = [](const std::string& node) { return node; };
  const WorkloadRun r = run_to_history(
      options, make_workload("list-append", {.active_keys = 2, .max_writes_per_key = 20}),
      etcd_clients(identity, {.workload = EtcdWorkload::kListAppend}), runner);
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.summary.reached, Phase::kDone);
  EXPECT_EQ(r.summary.indeterminate, 0) << "a healthy etcd answers every txn";
  CheckerChoice choice = *checker_for("list-append");
  choice.elle = {.realtime = true, .process_order = true, .expect = "strict-serializable"};
  const CheckOutcome outcome = check_history(r.history, choice);
  EXPECT_EQ(outcome.verdict, Verdict::kValid) << outcome.summary;
  EXPECT_TRUE(outcome.details["anomaly_types"].empty()) << outcome.summary;
  EXPECT_GT(outcome.details["txns"]["ok"].get<int>(), 30) << outcome.summary;
  EXPECT_GT(outcome.details["txns"]["fail"].get<int>(), 0) << "conflicts fail their compare";
  size_t longest_read = 0;
  for (const Op& op : r.history.ops)
    if (op.type == OpType::kOk)
      for (const Json& mop : op.value)
        if (mop[0] == "r") longest_read = std::max(longest_read, mop[2].size());
  EXPECT_GE(longest_read, 5u) << "reads see the appends";
}

}  // namespace
}  // namespace faultline
