// The shell db against fake remotes: each step is the test file's command
// with the node's variables in its environment; missing steps are skipped or
// fall back to killing `process`. Real processes: integration/db_on_cluster_test.cc.
#include <gtest/gtest.h>

#include "harness/db/db.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;
using testing::FakeRemote;

const DbNodeVariables kNode{"n1", "10.0.0.11", {"10.0.0.11", "10.0.0.12"}, {"n1", "n2"}};

DbConfig shell(std::map<std::string, std::string> steps, std::string process = "") {
  DbConfig config;
  config.kind = DbKind::kShell;
  config.steps = std::move(steps);
  config.process = std::move(process);
  return config;
}

TEST(ShellDb, EachStepRunsItsCommandUnderSudoWithTheVariablesInItsEnvironment) {
  auto db = make_db(shell({{"install", "apt-get install -y redis-server"},
                           {"configure", "echo ${peers} > /var/lib/faultline/peers"},
                           {"start", "redis-server --bind ${address} --daemonize yes"},
                           {"wipe", "rm -rf /var/lib/faultline/redis"}}));
  EXPECT_EQ(db->kind(), "shell");
  FakeRemote n1("n1");
  ASSERT_EQ(db->install(n1, kNode), std::nullopt);
  ASSERT_EQ(db->configure(n1, kNode), std::nullopt);
  ASSERT_EQ(db->start(n1, kNode), std::nullopt);
  ASSERT_EQ(db->wipe(n1, kNode), std::nullopt);
  EXPECT_EQ(
      n1.command_lines(),
      (std::vector<std::string>{
          "apt-get install -y redis-server", "echo ${peers} > /var/lib/faultline/peers",
          "redis-server --bind ${address} --daemonize yes", "rm -rf /var/lib/faultline/redis"}));
  for (const Command& c : n1.commands()) {
    EXPECT_TRUE(c.sudo);
    EXPECT_EQ(c.env,
              (std::map<std::string, std::string>{
                  {"node", "n1"}, {"address", "10.0.0.11"}, {"peers", "10.0.0.11,10.0.0.12"}}));
  }
}

TEST(ShellDb, StepsItDoesNotDefineAreSkipped) {
  auto db = make_db(shell({{"start", "x"}, {"stop", "y"}}));
  FakeRemote n1("n1");
  EXPECT_EQ(db->install(n1, kNode), std::nullopt);
  EXPECT_EQ(db->configure(n1, kNode), std::nullopt);
  EXPECT_EQ(db->wipe(n1, kNode), std::nullopt);
  EXPECT_EQ(db->await_ready(n1, kNode, milliseconds(100)), std::nullopt);
  EXPECT_TRUE(n1.commands().empty());
}

TEST(ShellDb, AFailedStepNamesNodeStepAndTheOutputsTail) {
  auto db = make_db(shell({{"install", "apt-get install -y redis-server"}}));
  FakeRemote n2("n2");
  n2.on("apt-get", FakeRemote::exits(100, "", "E: Unable to locate package redis-server\n"));
  DbStepResult error = db->install(n2, kNode);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->to_string(),
            "n2: install: exited with status 100: E: Unable to locate package redis-server");
}

TEST(ShellDb, AwaitReadyRetriesUntilTheCommandSucceeds) {
  auto db = make_db(shell({{"await_ready", "redis-cli -h ${address} ping"}}));
  FakeRemote n1("n1");
  n1.once("ping", FakeRemote::exits(1, "", "Connection refused"))
      .once("ping", FakeRemote::exits(1, "", "Connection refused"));
  ASSERT_EQ(db->await_ready(n1, kNode, milliseconds(5'000)), std::nullopt);
  EXPECT_EQ(n1.commands().size(), 3u);
  EXPECT_LE(n1.commands().back().timeout, milliseconds(5'000));
}

TEST(ShellDb, AwaitReadyFailsAtTheLimitNamingNodeStepAndTheLastOutput) {
  auto db = make_db(shell({{"await_ready", "redis-cli -h ${address} ping"}}));
  FakeRemote n1("n1");
  n1.on("ping", FakeRemote::exits(1, "", "Could not connect to Redis"));
  const auto began = std::chrono::steady_clock::now();
  DbStepResult error = db->await_ready(n1, kNode, milliseconds(400));
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(2));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->node, "n1");
  EXPECT_EQ(error->step, "await_ready");
  EXPECT_NE(error->message.find("not ready within 0.4 s"), std::string::npos) << error->message;
  EXPECT_NE(error->message.find("Could not connect to Redis"), std::string::npos);
}

TEST(ShellDb, StopAndKillFallBackToKillingTheProcessInTheNodesNamespace) {
  auto db = make_db(shell({{"start", "x"}}, "redis-server"));
  EXPECT_EQ(db->process().name, "redis-server");
  EXPECT_TRUE(db->process().own_network_namespace);
  FakeRemote n1("n1");
  n1.on("faultline-kill", FakeRemote::exits(kNotRunningStatus, "", "not running"));
  EXPECT_EQ(db->stop(n1, kNode), std::nullopt);
  EXPECT_EQ(db->kill(n1, kNode), std::nullopt);
  const std::string expected = kill_command(db->process()).describe();
  EXPECT_EQ(n1.command_lines(), (std::vector<std::string>{expected, expected}));
}

TEST(ShellDb, DefinedStopAndKillStepsWin) {
  auto db = make_db(shell({{"stop", "redis-cli shutdown"}, {"kill", "pkill -9 redis"}}, "redis"));
  FakeRemote n1("n1");
  EXPECT_EQ(db->stop(n1, kNode), std::nullopt);
  EXPECT_EQ(db->kill(n1, kNode), std::nullopt);
  EXPECT_EQ(n1.command_lines(), (std::vector<std::string>{"redis-cli shutdown", "pkill -9 redis"}));
}

TEST(ShellDb, WithoutStopStepOrProcessStopIsAnErrorAndKillHasNothingToDo) {
  auto db = make_db(shell({{"start", "x"}}));
  FakeRemote n1("n1");
  DbStepResult error = db->stop(n1, kNode);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->to_string(), "n1: stop: the db has no 'stop' step and no 'process' to kill");
  EXPECT_EQ(db->kill(n1, kNode), std::nullopt);
  EXPECT_TRUE(n1.commands().empty());
}

TEST(ShellDb, AKillStepThatFindsNothingRunningExits3AndThatIsNoError) {
  auto db = make_db(shell({{"kill", "kill-it"}}));
  FakeRemote n1("n1");
  n1.on("kill-it", FakeRemote::exits(kNotRunningStatus, "", "not running\n"));
  EXPECT_EQ(db->kill(n1, kNode), std::nullopt);
  FakeRemote n2("n2");
  n2.on("kill-it", FakeRemote::exits(1, "", "operation not permitted\n"));
  DbStepResult error = db->kill(n2, kNode);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->to_string(), "n2: kill: exited with status 1: operation not permitted");
}

TEST(ShellDb, ItsKillPauseAndResumeStepsAreTheFaultsOwnCommands) {
  auto db = make_db(shell({{"kill", "kill -9 $(cat ${node}.pid)"},
                           {"pause", "pause-it ${address}"},
                           {"resume", "resume-it"},
                           {"start", "s"}},
                          "redis"));
  for (const char* action : {"kill", "pause", "resume"}) {
    std::optional<Command> step = db->fault_step(action, kNode);
    ASSERT_TRUE(step) << action;
    EXPECT_TRUE(step->sudo);
    EXPECT_EQ(step->env.at("node"), "n1");
    EXPECT_EQ(step->env.at("address"), "10.0.0.11");
  }
  EXPECT_EQ(db->fault_step("pause", kNode)->describe(), "pause-it ${address}");
  EXPECT_EQ(db->fault_step("start", kNode), std::nullopt) << "only the fault steps";
  EXPECT_EQ(make_db(shell({{"start", "s"}}, "redis"))->fault_step("kill", kNode), std::nullopt);
  DbConfig etcd;
  EXPECT_EQ(make_db(etcd)->fault_step("kill", kNode), std::nullopt) << "etcd is signalled";
}

TEST(ShellDb, RestartIsTheStartStepAndLogsAndEndpointComeFromTheConfig) {
  DbConfig config = shell({{"start", "redis-server --bind ${address} --daemonize yes"}});
  config.logs = {"/var/lib/faultline/redis.log"};
  auto db = make_db(config);
  std::optional<Command> restart = db->restart_command(kNode);
  ASSERT_TRUE(restart);
  EXPECT_EQ(restart->describe(), "redis-server --bind ${address} --daemonize yes");
  EXPECT_EQ(restart->env.at("address"), "10.0.0.11");
  EXPECT_TRUE(restart->sudo);
  EXPECT_EQ(db->log_files(kNode), config.logs);
  EXPECT_EQ(db->client_endpoint(kNode), "");
  EXPECT_EQ(make_db(shell({}))->restart_command(kNode), std::nullopt);
}

}  // namespace
}  // namespace faultline
