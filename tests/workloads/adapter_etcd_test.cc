// The example etcd adapter (examples/adapters/etcd_adapter.py) driven by the
// runner against a real etcd on loopback: 4 workers for 3 s of the register
// workload, each through its own adapter process, checked per key with the
// cas-register model. Then etcd is killed to see the adapter answer fail.
// Needs /usr/bin/etcd and /usr/bin/python3 (scripts/setup.sh); never skipped.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "harness/history/history_reader.h"
#include "harness/runner/runner.h"
#include "tests/support/loopback_etcd.h"
#include "tests/workloads/adapter_test_support.h"
#include "workloads/adapter_client.h"
#include "workloads/etcd_client.h"
#include "workloads/register.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

AdapterOptions etcd_adapter(RecordedLog& log) {
  AdapterOptions options;
  // Debian's python3 by its path: a python3 earlier on PATH may be a slow shim.
  options.command = {"/usr/bin/python3",
                     std::string(FAULTLINE_SOURCE_DIR) + "/examples/adapters/etcd_adapter.py"};
  options.log = log.sink();
  return options;
}

std::function<AdapterTarget(const std::string&)> pointed_at(const std::string& endpoint) {
  return [endpoint](const std::string& node) {
    return AdapterTarget{node, "127.0.0.1", endpoint, {"127.0.0.1"}};
  };
}

class AdapterEtcd : public ::testing::Test {
 protected:
  void SetUp() override {
    EtcdClient probe(etcd_.endpoint());
    Op read;
    read.f = "read";
    read.key = "probe";
    const std::string problem = etcd_.wait_until_serving(
        [&] {
          return probe.invoke(read, steady_clock::now() + milliseconds(500)).type == OpType::kOk;
        },
        std::chrono::seconds(10));
    ASSERT_EQ(problem, "");
  }
  void TearDown() override { fs::remove(history_path_); }

  LoopbackEtcd etcd_;
  RecordedLog log_;
  const std::string history_path_ =
      (fs::temp_directory_path() /
       ("faultline-adapter-history-" + std::to_string(getpid()) + ".jsonl"))
          .string();
};

TEST_F(AdapterEtcd, ARegisterRunThroughTheExampleAdapterIsLinearizable) {
  expect_a_healthy_register_run(adapter_clients(etcd_adapter(log_), pointed_at(etcd_.endpoint())),
                                history_path_);
  EXPECT_EQ(log_.matching("etcd adapter for worker").size(), 4u) << "one adapter per worker";
  EXPECT_TRUE(children_of_this_process().size() == 1u) << "only etcd is left";
}

TEST_F(AdapterEtcd, TheExampleAdapterAnswersInfoOnAPausedEtcdAndFailWhenNothingListens) {
  auto client = adapter_clients(etcd_adapter(log_), pointed_at(etcd_.endpoint()))({0, "n1"});
  Op write;
  write.f = "write";
  write.key = "k";
  write.value = 1;
  ASSERT_EQ(client->invoke(write, steady_clock::now() + milliseconds(5000)).type, OpType::kOk);

  ::kill(etcd_.pid(), SIGSTOP);
  ASSERT_TRUE(wait_until_stopped(etcd_.pid())) << "etcd did not stop";
  Op read = write;
  read.f = "read";
  read.value = nullptr;
  for (const auto& [op, type] : {std::pair{write, OpType::kInfo}, {read, OpType::kFail}}) {
    const auto start = steady_clock::now();
    const Completion c = client->invoke(op, start + milliseconds(1000));
    EXPECT_EQ(c.type, type) << op.f << ": " << c.error;
    EXPECT_EQ(c.error, "timeout") << op.f;
    EXPECT_LT(steady_clock::now() - start, milliseconds(1300)) << op.f;
  }
  EXPECT_TRUE(log_.matching("killed it").empty()) << "the adapter answered by itself in time";

  auto nowhere = adapter_clients(etcd_adapter(log_),
                                 pointed_at("127.0.0.1:" + std::to_string(free_loopback_port())));
  const Completion refused =
      nowhere({1, "n1"})->invoke(write, steady_clock::now() + milliseconds(5000));
  EXPECT_EQ(refused.type, OpType::kFail) << refused.error;
  EXPECT_NE(refused.error.get<std::string>().find("connection refused"), std::string::npos);
  ::kill(etcd_.pid(), SIGCONT);
}

}  // namespace
}  // namespace faultline
