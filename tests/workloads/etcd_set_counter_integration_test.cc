// The set and counter workloads against a real etcd: one member on loopback
// (tests/workloads/etcd_process.h), driven by the runner and checked by
// check_history() with each workload's checker. Never skipped.
#include <gtest/gtest.h>

#include <thread>

#include "tests/support/workload_run.h"
#include "tests/workloads/etcd_process.h"
#include "workloads/catalog.h"
#include "workloads/check_history.h"
#include "workloads/etcd_client.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

class EtcdSetCounter : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(etcd_.wait_until_serving(std::chrono::seconds(10)), ""); }

  WorkloadRun run(const std::string& workload) {
    GeneratorOptions options;
    options.concurrency = 5;
    options.rate = 200;
    options.time_limit_ns = 2'000'000'000;
    options.active_keys = 3;
    options.ops_per_key = 60;  // keys retire during the run
    options.seed = 3;
    // A generous deadline: on a loaded machine (sanitizers, parallel builds)
    // a healthy etcd can still take a second to answer.
    const RunnerOptions runner{{etcd_.endpoint()}, std::chrono::seconds(5)};
    const auto identity = [](const std::string& node) { return node; };
    const ClientFactory clients =
        etcd_clients(identity, {.workload = *etcd_workload_named(workload)});
    return run_to_history(options, make_workload(workload), clients, runner);
  }

  EtcdProcess etcd_;
};

TEST_F(EtcdSetCounter, ASetRunIsValidAndReadsSeeTheElementsAdded) {
  const WorkloadRun r = run("set");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.summary.reached, Phase::kDone);
  EXPECT_EQ(r.summary.indeterminate, 0) << "a healthy etcd answers every op";
  EXPECT_EQ(r.summary.failed, 0);
  const CheckOutcome outcome = check_history(r.history, *checker_for("set"));
  EXPECT_EQ(outcome.verdict, Verdict::kValid) << outcome.summary;
  EXPECT_GT(outcome.details["acknowledged"].get<int>(), 100) << outcome.summary;
  EXPECT_GT(outcome.details["keys"].get<int>(), 3) << "retired keys are checked too";
}

TEST_F(EtcdSetCounter, ACounterRunIsValidAndReadsSeeTheAdds) {
  const WorkloadRun r = run("counter");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.summary.reached, Phase::kDone);
  EXPECT_EQ(r.summary.indeterminate, 0);
  const CheckOutcome outcome = check_history(r.history, *checker_for("counter"));
  EXPECT_EQ(outcome.verdict, Verdict::kValid) << outcome.summary;
  int64_t largest_read = 0;
  for (const Op& op : r.history.ops) {
    if (op.type == OpType::kOk && op.f == "read") {
      largest_read = std::max(largest_read, op.value.get<int64_t>());
    }
  }
  EXPECT_GT(largest_read, 20) << "reads see the adds";
}

TEST_F(EtcdSetCounter, ConcurrentCounterAddsAreAllCounted) {
  // Many workers adding to one key: compares fail and adds retry, and each
  // ok add is counted exactly once.
  constexpr int kWorkers = 4, kAdds = 10;
  std::vector<std::thread> workers;
  std::atomic<int> ok{0}, info{0};
  for (int w = 0; w < kWorkers; ++w) {
    workers.emplace_back([&] {
      EtcdClient client(etcd_.endpoint(), {.workload = EtcdWorkload::kCounter});
      Op add;
      add.f = "add";
      add.key = "shared";
      add.value = 1;
      for (int i = 0; i < kAdds; ++i) {
        const OpType type = client.invoke(add, steady_clock::now() + milliseconds(5000)).type;
        if (type == OpType::kOk) ++ok;
        if (type == OpType::kInfo) ++info;
      }
    });
  }
  for (std::thread& t : workers) t.join();
  // A loaded machine may let an add run out of time (info: it may have
  // landed): every ok add is counted, and no add is counted twice.
  EXPECT_GT(ok.load(), 0);
  EtcdClient reader(etcd_.endpoint(), {.workload = EtcdWorkload::kCounter});
  Op read;
  read.f = "read";
  read.key = "shared";
  const Completion counted = reader.invoke(read, steady_clock::now() + milliseconds(5000));
  ASSERT_EQ(counted.type, OpType::kOk) << counted.error;
  EXPECT_GE(counted.value.get<int>(), ok.load());
  EXPECT_LE(counted.value.get<int>(), ok.load() + info.load());
}

TEST_F(EtcdSetCounter, AStoppedEtcdFailsACounterAddThatCouldNotReadAndAReadByTheDeadline) {
  etcd_.pause();
  EtcdClient client(etcd_.endpoint(), {.workload = EtcdWorkload::kCounter});
  Op add;
  add.f = "add";
  add.key = "paused";
  add.value = 1;
  Op read = add;
  read.f = "read";
  read.value = nullptr;
  for (const Op& op : {add, read}) {
    const auto start = steady_clock::now();
    const Completion c = client.invoke(op, start + milliseconds(300));
    EXPECT_EQ(c.type, OpType::kFail) << op.f << ": nothing was written; " << c.error;
    // By its deadline, not after the etcd comes back (never, here). Generous: a
    // loaded 2-core machine may be slow to notice a 300 ms deadline.
    EXPECT_LT(steady_clock::now() - start, milliseconds(10'000)) << op.f;
  }
  etcd_.resume();
}

}  // namespace
}  // namespace faultline
