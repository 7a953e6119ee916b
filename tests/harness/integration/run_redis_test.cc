// examples/redis-clocks.yaml end to end, as a user runs it: Debian's Redis (a
// C program) set up by shell steps on a local cluster, driven through the
// example adapter, under clock faults moved inside each redis-server (process
// mode) and a replica's kill. Every client talks to the primary, which is
// never killed, so the history must check valid. With --time-limit 30 the
// first four faults run: a bump of one node, the replica's kill, a monotonic
// bump of all, a strobe of the primary. Needs root and redis-server; ~45 s.
#include <gtest/gtest.h>

#include <string>

#include "harness/base/text_file.h"
#include "tests/harness/integration/example_run.h"

namespace faultline {
namespace {

class RunRedis : public testing::ExampleRun {};

// The nemesis's completions of `f` (the ops that say what was done).
std::vector<Json> fault_ops(const std::vector<Json>& history, const std::string& f) {
  std::vector<Json> out;
  for (const Json& op : history) {
    if (op["process"] == "nemesis" && op["f"] == f && op["value"].is_object() &&
        op["value"].contains("pids"))
      out.push_back(op);
  }
  return out;
}

TEST_F(RunRedis, ClockFaultsReachRedisOwnProcessesAndTheHistoryIsValid) {
  testing::BinaryRun r = run("redis-clocks.yaml", "--time-limit 30");
  ASSERT_TRUE(r.status == 0 || r.status == 1) << r.out;
  Json results = this->results();
  EXPECT_EQ(results["verdict"], "valid") << r.out;
  EXPECT_EQ(r.status, 0) << r.out;  // and nothing after the verdict went wrong
  EXPECT_EQ(results["errors"], Json::array());
  EXPECT_EQ(results["nemesis"]["errors"], Json::array()) << results["nemesis"].dump();
  EXPECT_GE(results["nemesis"]["faults_started"].get<int>(), 4) << results["nemesis"].dump();
  EXPECT_GT(results["run"]["ok"].get<int>(), 1000) << results["run"].dump();

  const std::vector<Json> history = this->history();
  int verified = 0, bumps = 0;
  for (const Json& op : fault_ops(history, "start-clock")) {
    const Json& value = op["value"];
    for (const auto& [node, seen] : value["seen_offset_ms"].items()) {
      EXPECT_EQ(value["mode"][node], "process") << op.dump();
      EXPECT_EQ(value["pids"][node].size(), 1u) << "the node's own redis-server: " << op.dump();
      if (value["action"] == "bump") {
        EXPECT_NEAR(seen.get<double>(), value["offset_ms"][node].get<double>(), 1) << op.dump();
        ++bumps;
      }
      ++verified;
    }
  }
  EXPECT_EQ(bumps, 4) << "one node, then all three, seen moved from inside redis-server";
  EXPECT_GE(verified, 5) << "and the strobed primary";

  const std::vector<Json> kills = fault_ops(history, "start-kill");
  const std::vector<Json> restarts = fault_ops(history, "stop-kill");
  ASSERT_FALSE(kills.empty());
  ASSERT_FALSE(restarts.empty());
  EXPECT_TRUE(kills.front()["value"]["pids"].contains("n3")) << kills.front().dump();
  EXPECT_NE(restarts.back()["value"]["pids"]["n3"], kills.front()["value"]["pids"]["n3"])
      << "n3's replica came back as a new process";
  for (const char* node : {"n1", "n2", "n3"}) {
    auto log = read_text_file(store_ + "/latest/nodes/" + std::string(node) + "/redis.log");
    EXPECT_TRUE(log && log->find("Ready to accept connections") != std::string::npos) << node;
  }
  expect_no_run_cluster_left();
}

}  // namespace
}  // namespace faultline
