// The example Redis adapter (examples/adapters/redis_adapter.py: RESP over a
// socket, cas as a Lua script) driven by the runner against a real
// redis-server on loopback: 4 workers for 3 s of the register workload,
// checked per key with the cas-register model. Then Redis is paused and
// another port has nothing listening, to see the adapter answer info and fail.
// Needs /usr/bin/redis-server and /usr/bin/python3 (scripts/install-deps.sh).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>

#include "tests/support/loopback_etcd.h"
#include "tests/support/loopback_redis.h"
#include "tests/workloads/adapter_test_support.h"
#include "workloads/adapter_client.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

ClientFactory redis_adapter_clients(RecordedLog& log, int port) {
  AdapterOptions options;
  // Debian's python3 by its path: a python3 earlier on PATH may be a slow shim.
  options.command = {"/usr/bin/python3",
                     std::string(FAULTLINE_SOURCE_DIR) + "/examples/adapters/redis_adapter.py",
                     "--port", std::to_string(port)};
  options.log = log.sink();
  return adapter_clients(options, [](const std::string& node) {
    return AdapterTarget{node, "127.0.0.1", "", {"127.0.0.1"}};
  });
}

Op op(const std::string& f, const Json& value) {
  Op o;
  o.f = f;
  o.key = "k";
  o.value = value;
  return o;
}

class AdapterRedis : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(redis_.wait_until_serving(std::chrono::seconds(10)), ""); }
  void TearDown() override { fs::remove(history_path_); }

  LoopbackRedis redis_;
  RecordedLog log_;
  const std::string history_path_ =
      (fs::temp_directory_path() /
       ("faultline-redis-history-" + std::to_string(getpid()) + ".jsonl"))
          .string();
};

TEST_F(AdapterRedis, ARegisterRunThroughTheExampleAdapterIsLinearizable) {
  const History history =
      expect_a_healthy_register_run(redis_adapter_clients(log_, redis_.port()), history_path_);
  int64_t cas_ok = 0;
  for (const Op& o : history.ops) cas_ok += o.type == OpType::kOk && o.f == "cas";
  EXPECT_GT(cas_ok, 0) << "a cas whose old value held sets the new one";
  EXPECT_EQ(log_.matching("redis adapter for worker").size(), 4u) << "one adapter per worker";
}

TEST_F(AdapterRedis, CasSetsOnlyFromTheOldValueAndReadsGiveBackIntegers) {
  auto client = redis_adapter_clients(log_, redis_.port())({0, "n1"});
  auto invoke = [&](const Op& o) {
    return client->invoke(o, steady_clock::now() + milliseconds(5000));
  };
  Completion absent = invoke(op("read", nullptr));
  EXPECT_EQ(absent.type, OpType::kOk);
  EXPECT_TRUE(absent.value.is_null()) << absent.value.dump();
  EXPECT_EQ(invoke(op("cas", Json::array({1, 2}))).type, OpType::kFail) << "nothing held 1";
  EXPECT_EQ(invoke(op("write", 1)).type, OpType::kOk);
  EXPECT_EQ(invoke(op("cas", Json::array({1, 2}))).type, OpType::kOk);
  Completion refused = invoke(op("cas", Json::array({1, 3})));
  EXPECT_EQ(refused.type, OpType::kFail);
  EXPECT_EQ(refused.error, "precondition failed");
  EXPECT_EQ(invoke(op("read", nullptr)).value, 2);
}

TEST_F(AdapterRedis, TheExampleAdapterAnswersInfoOnAPausedRedisAndFailWhenNothingListens) {
  auto client = redis_adapter_clients(log_, redis_.port())({0, "n1"});
  const Op write = op("write", 1);
  ASSERT_EQ(client->invoke(write, steady_clock::now() + milliseconds(5000)).type, OpType::kOk);

  ::kill(redis_.pid(), SIGSTOP);
  ASSERT_TRUE(wait_until_stopped(redis_.pid())) << "redis-server did not stop";
  for (const auto& [o, type] :
       {std::pair{write, OpType::kInfo}, {op("read", nullptr), OpType::kFail}}) {
    const auto start = steady_clock::now();
    const Completion c = client->invoke(o, start + milliseconds(1000));
    EXPECT_EQ(c.type, type) << o.f << ": " << c.error;
    EXPECT_EQ(c.error, "timed out") << o.f << ": the adapter's own answer";
  }
  EXPECT_TRUE(log_.matching("killed it").empty()) << "the adapter answered by itself in time";
  ::kill(redis_.pid(), SIGCONT);

  const Completion nowhere = redis_adapter_clients(log_, free_loopback_port())({1, "n1"})->invoke(
      write, steady_clock::now() + milliseconds(5000));
  EXPECT_EQ(nowhere.type, OpType::kFail) << nowhere.error;
  EXPECT_NE(nowhere.error.get<std::string>().find("not sent"), std::string::npos) << nowhere.error;
}

}  // namespace
}  // namespace faultline
