// Clock faults in process mode on a real database of another kind than etcd:
// Debian's redis-server (C, glibc, reads the clock through the vDSO) on every
// node of a local cluster. faultline-clock moves the clock inside the
// targeted node's redis-server, which Redis's own TIME command shows; the
// other nodes' servers keep true time; a reset puts it back; a restarted
// server gets the offset again. Needs root and redis-server.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "harness/remote/node_paths.h"
#include "nemeses/clock_faults.h"
#include "nemeses/clock_helper.h"
#include "tests/support/cluster_suite.h"
#include "tests/support/redis_time.h"

namespace faultline {
namespace {

constexpr int kPort = 6379;
// Round trips aside (they are measured and allowed for), how far Redis's
// TIME may be from the offset asked for: it is read through a socket and an
// event loop, and a strobe or drift is not in play here.
constexpr double kToleranceMs = 100;

const ProcessSpec kRedis{"redis-server", "", /*own_network_namespace=*/true};

class RedisClockOnCluster : public testing::ClusterSuite<RedisClockOnCluster> {
 public:
  static constexpr testing::ClusterSpec kCluster{"h5redis", "10.213.65.0/24", 3};

 protected:
  void SetUp() override {
    ClusterSuite::SetUp();
    if (HasFatalFailure()) return;
    for (int i = 0; i < 3; ++i) start(i);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(answers(i)) << spec(i).name << ": no answer to TIME";
  }
  void TearDown() override {
    reset_clocks(all(), FAULTLINE_CLOCK_HELPER);
    for (auto& r : remotes_) r->run(kill_command(kRedis));  // only the node's own server
  }

  // A redis-server of the node's own, on its address, daemonized.
  void start(int i) {
    const std::string dir = kNodeStateDir;
    RemoteResult<CommandResult> r = node(i).run(Command::of(
        {"redis-server", "--bind", spec(i).host, "--port", std::to_string(kPort), "--daemonize",
         "yes", "--dir", dir, "--logfile", dir + "/redis.log", "--pidfile", dir + "/redis.pid",
         "--save", "", "--appendonly", "no", "--protected-mode", "no"}));
    ASSERT_TRUE(r.ok() && r->ok()) << spec(i).name << ": " << (r.ok() ? r->tail() : "no run");
  }
  // Whether node i's server answers TIME within 5 s of starting.
  bool answers(int i) {
    for (int tries = 0; tries < 100; ++tries) {
      std::string error;
      if (testing::redis_time(spec(i).host, kPort, &error)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // Whether node i's redis-server is gone within 5 s.
  bool gone(int i) {
    for (int tries = 0; tries < 100; ++tries) {
      RemoteResult<CommandResult> found = node(i).run(find_command(kRedis));
      if (found.ok() && found->exit_status == kNotRunningStatus) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  // Expects node i's Redis to be `expected_ms` ahead of true time, by TIME.
  void expect_redis_offset(int i, double expected_ms) {
    std::string error;
    std::optional<testing::RedisTime> time = testing::redis_time(spec(i).host, kPort, &error);
    ASSERT_TRUE(time) << error;
    EXPECT_NEAR(time->offset_ms(), expected_ms, kToleranceMs + time->uncertainty_ms())
        << spec(i).name << "'s Redis says TIME is " << time->offset_ms() << " ms off";
  }
  ClockContext context() {
    ClockContext context;
    context.process = kRedis;
    context.helper = FAULTLINE_CLOCK_HELPER;  // beside faultline, not beside this test
    for (const NodeSpec& n : nodes_->nodes) context.modes[n.name] = clock_mode_for(n, kRedis);
    return context;
  }
};

TEST_F(RedisClockOnCluster, ABumpMovesRedisTimeOnTheTargetedNodeOnlyAndResetPutsItBack) {
  for (int i = 0; i < 3; ++i) expect_redis_offset(i, 0);
  ClockContext redis = context();
  ASSERT_EQ(redis.modes["n2"], ClockMode::kProcess);

  FaultOutcome bumped = bump_clocks({&node(1)}, 7000, redis);
  ASSERT_TRUE(bumped.ok()) << bumped.errors[0];
  const nlohmann::json& value = bumped.fault.value;
  EXPECT_EQ(value["mode"]["n2"], "process");
  EXPECT_NEAR(value["seen_offset_ms"]["n2"].get<double>(), 7000, 1);
  // One server on n2: the others' redis-servers, in the same process table, are not its.
  EXPECT_EQ(value["pids"]["n2"].size(), 1u) << value.dump();
  expect_redis_offset(1, 7000);
  expect_redis_offset(0, 0);
  expect_redis_offset(2, 0);

  ASSERT_TRUE(bump_clocks({&node(1)}, -10'000, redis).ok());  // adds up
  expect_redis_offset(1, -3000);

  auto reset = reset_clocks(all(), FAULTLINE_CLOCK_HELPER);
  ASSERT_TRUE(all_succeeded(reset)) << describe_failures(reset, reset_clock_command("helper"));
  for (int i = 0; i < 3; ++i) expect_redis_offset(i, 0);
}

TEST_F(RedisClockOnCluster, ARestartedRedisGetsTheNodesOffsetAgain) {
  ClockContext redis = context();
  ASSERT_TRUE(bump_clocks({&node(2)}, -5000, redis).ok());
  expect_redis_offset(2, -5000);

  RemoteResult<CommandResult> killed = node(2).run(kill_command(kRedis));
  ASSERT_TRUE(killed.ok() && killed->ok());
  ASSERT_TRUE(gone(2)) << "the killed redis-server still runs";
  start(2);
  ASSERT_TRUE(answers(2));
  expect_redis_offset(2, 0);  // a new process: a fresh vDSO

  FaultOutcome reapplied = reapply_process_clocks(all(), redis);
  ASSERT_TRUE(reapplied.ok()) << reapplied.errors[0];
  EXPECT_EQ(reapplied.fault.nodes, std::vector<std::string>{"n3"}) << "the others had no fault";
  EXPECT_NEAR(reapplied.fault.value["seen_offset_ms"]["n3"].get<double>(), -5000, 1);
  expect_redis_offset(2, -5000);
  expect_redis_offset(0, 0);
}

}  // namespace
}  // namespace faultline
