// The etcd client against a real etcd: a single member on loopback, started
// by the test as a child process (killed at the end, even on failure), driven
// by the runner with the register workload and checked per key with the
// cas-register model; then paused with SIGSTOP to see timeouts answered in
// time. Needs /usr/bin/etcd (scripts/setup.sh installs it); never skipped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "checkers/linearizability.h"
#include "harness/history/history_reader.h"
#include "harness/runner/runner.h"
#include "tests/workloads/adapter_test_support.h"
#include "tests/workloads/etcd_process.h"
#include "workloads/etcd_client.h"
#include "workloads/register.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

class EtcdIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string problem = etcd_.wait_until_serving(std::chrono::seconds(10));
    ASSERT_EQ(problem, "");
  }
  void TearDown() override { fs::remove(history_path_); }

  EtcdProcess etcd_;
  const std::string history_path_ =
      (fs::temp_directory_path() /
       ("faultline-etcd-history-" + std::to_string(getpid()) + ".jsonl"))
          .string();
};

TEST_F(EtcdIntegration, ARegisterRunAgainstEtcdIsLinearizablePerKey) {
  GeneratorOptions options;
  options.concurrency = 5;
  options.rate = 200;
  options.time_limit_ns = 3'000'000'000;
  options.active_keys = 3;
  options.ops_per_key = 100;
  options.seed = 7;
  Generator generator(options, std::make_unique<RegisterWorkload>());
  auto writer = HistoryWriter::open(history_path_, RunClock());
  ASSERT_TRUE(writer.ok());
  const RunnerOptions runner{{etcd_.endpoint()}, std::chrono::seconds(2)};
  const auto identity = [](const std::string& node) { return node; };
  const RunSummary summary =
      run_workload(generator, etcd_register_clients(identity), **writer, runner, {});
  ASSERT_EQ((*writer)->close(), std::nullopt);

  EXPECT_EQ(summary.reached, Phase::kDone);
  EXPECT_GT(summary.invoked, 100) << "200 ops/s planned for 3 s (600); a loaded machine gets fewer";
  EXPECT_EQ(summary.indeterminate, 0) << "a healthy etcd answers every op";
  EXPECT_GT(summary.failed, 0) << "some cas ops find another value";
  EXPECT_EQ(summary.client_errors, 0);
  auto history = read_history_file(history_path_, HistoryFormat::kJsonl);
  ASSERT_TRUE(history.ok()) << history.error().message;
  int64_t reads_with_values = 0;
  for (const Op& op : history->ops) {
    if (op.type == OpType::kOk && op.f == "read" && op.value.is_number_integer()) {
      ++reads_with_values;
    }
  }
  EXPECT_GT(reads_with_values, 20) << "reads see the integers written";
  EXPECT_EQ(check_register(*history), Verdict::kValid);
}

TEST_F(EtcdIntegration, AStoppedEtcdTurnsWritesIntoInfoAndReadsIntoFailByTheDeadline) {
  EtcdClient client(etcd_.endpoint());
  Op write;
  write.f = "write";
  write.key = "paused";
  write.value = 1;
  ASSERT_EQ(client.invoke(write, steady_clock::now() + milliseconds(2000)).type, OpType::kOk);

  etcd_.pause();
  Op read = write;
  read.f = "read";
  read.value = nullptr;
  Op cas = write;
  cas.f = "cas";
  cas.value = Json::array({1, 2});
  const std::pair<Op, OpType> expected[] = {
      {write, OpType::kInfo}, {cas, OpType::kInfo}, {read, OpType::kFail}};
  for (const auto& [op, type] : expected) {
    const auto start = steady_clock::now();
    const Completion c = client.invoke(op, start + milliseconds(300));
    const auto took = steady_clock::now() - start;
    EXPECT_EQ(c.type, type) << op.f << ": " << c.error;
    EXPECT_NE(c.error.get<std::string>().find(etcd_.endpoint()), std::string::npos) << c.error;
    EXPECT_GE(took, milliseconds(290)) << op.f;
    EXPECT_LT(took, milliseconds(3000)) << op.f << " must end by its deadline, not hang";
  }

  etcd_.resume();  // the same client reconnects and sees the write (the cas may have landed)
  Completion after;
  for (int attempt = 0; attempt < 20 && after.type != OpType::kOk; ++attempt) {
    after = client.invoke(read, steady_clock::now() + milliseconds(1000));
  }
  ASSERT_EQ(after.type, OpType::kOk) << after.error;
  EXPECT_TRUE(after.value == 1 || after.value == 2) << after.value;
}

TEST(EtcdClient, NothingListeningIsAFailForEveryOp) {
  EtcdClient client("127.0.0.1:" + std::to_string(free_loopback_port()));
  Op write;
  write.f = "write";
  write.key = "k";
  write.value = 1;
  const Completion c = client.invoke(write, steady_clock::now() + milliseconds(500));
  EXPECT_EQ(c.type, OpType::kFail) << "never connected, so never sent";
  EXPECT_NE(c.error.get<std::string>().find("no answer from etcd at 127.0.0.1:"), std::string::npos)
      << c.error;
}

TEST(EtcdClient, AnEndpointMustBeHostAndPort) {
  for (const char* bad : {"n1", "n1:", ":2379", "n1:http", "n1:70000"}) {
    EXPECT_THROW(EtcdClient{bad}, std::invalid_argument) << bad;
  }
  EXPECT_NO_THROW(EtcdClient{"n1:2379"});
}

}  // namespace
}  // namespace faultline
