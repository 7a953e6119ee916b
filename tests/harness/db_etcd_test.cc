// The etcd db against fake remotes: the commands it sends (values as
// arguments, never in script text) and its errors (node, step, log tail).
// A real cluster: integration/db_on_cluster_test.cc.
#include "harness/db/db_etcd.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "harness/db/db.h"
#include "harness/remote/node_paths.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;
using testing::FakeRemote;

DbNodeVariables node2() {
  return {"n2", "10.0.0.12", {"10.0.0.11", "10.0.0.12", "10.0.0.13"}, {"n1", "n2", "n3"}};
}

std::unique_ptr<Db> etcd() { return make_db(DbConfig{}); }

TEST(EtcdDb, IsTheDefaultKindWithItsProcessEndpointAndLogs) {
  DbConfig config;
  config.logs = {"/var/log/extra.log"};
  auto db = make_db(config);
  EXPECT_EQ(db->kind(), "etcd");
  EXPECT_EQ(db->process().name, "etcd");
  EXPECT_TRUE(db->process().own_network_namespace);
  EXPECT_EQ(db->client_endpoint(node2()), "10.0.0.12:2379");
  EXPECT_EQ(db->log_files(node2()),
            (std::vector<std::string>{std::string(kNodeStateDir) + "/etcd/etcd.log",
                                      "/var/log/extra.log"}));
}

TEST(EtcdDb, InitialClusterPairsPeerNamesWithPeerAddresses) {
  EXPECT_EQ(etcd_initial_cluster(node2()),
            "n1=http://10.0.0.11:2380,n2=http://10.0.0.12:2380,n3=http://10.0.0.13:2380");
  DbNodeVariables unpaired = node2();
  unpaired.peer_names.pop_back();
  EXPECT_EQ(etcd_initial_cluster(unpaired), std::nullopt);
}

TEST(EtcdDb, StartPassesNameAddressAndClusterAsArgumentsAndIsTheRestartCommand) {
  FakeRemote n2("n2");
  ASSERT_EQ(etcd()->start(n2, node2()), std::nullopt);
  ASSERT_EQ(n2.commands().size(), 1u);
  const Command& start = n2.commands()[0];
  ASSERT_EQ(start.argv.size(), 8u);
  EXPECT_EQ(start.argv[0], "sh");
  EXPECT_EQ(
      std::vector<std::string>(start.argv.begin() + 4, start.argv.end()),
      (std::vector<std::string>{"n2", "10.0.0.12", *etcd_initial_cluster(node2()), etcd_dir()}));
  const std::string& script = start.argv[2];
  EXPECT_EQ(script.find("10.0.0.12"), std::string::npos) << "values must not be script text";
  EXPECT_EQ(script.find("n2"), std::string::npos);
  EXPECT_NE(script.find("setsid etcd"), std::string::npos);
  EXPECT_NE(script.find("</dev/null &"), std::string::npos);
  EXPECT_NE(script.find("etcd.pid"), std::string::npos);
  EXPECT_TRUE(start.sudo);
  std::optional<Command> restart = etcd()->restart_command(node2());
  ASSERT_TRUE(restart);
  EXPECT_EQ(restart->describe(), start.describe());
}

TEST(EtcdDb, StartWithoutPeerNamesSaysWhatIsMissing) {
  FakeRemote n2("n2");
  DbNodeVariables node = node2();
  node.peer_names.clear();
  DbStepResult error = etcd()->start(n2, node);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->to_string(), "n2: start: no initial cluster: 0 peer names for 3 peer addresses");
  EXPECT_TRUE(n2.commands().empty());
}

TEST(EtcdDb, StartFailureNamesNodeStepAndTheLogTail) {
  FakeRemote n2("n2");
  n2.on("setsid etcd", FakeRemote::exits(1, "",
                                         "etcd exited (status 1):\n"
                                         "listen tcp 10.0.0.12:2379: bind: address "
                                         "already in use\n"));
  DbStepResult error = etcd()->start(n2, node2());
  ASSERT_TRUE(error);
  EXPECT_EQ(error->node, "n2");
  EXPECT_EQ(error->step, "start");
  EXPECT_EQ(error->to_string(),
            "n2: start: exited with status 1: etcd exited (status 1):\n"
            "listen tcp 10.0.0.12:2379: bind: address already in use");
}

TEST(EtcdDb, InstallChecksForBothProgramsThenUsesAptNonInteractivelyUnderSudo) {
  FakeRemote n1("n1");
  ASSERT_EQ(etcd()->install(n1, node2()), std::nullopt);
  ASSERT_EQ(n1.commands().size(), 1u);
  const Command& install = n1.commands()[0];
  EXPECT_TRUE(install.sudo);
  EXPECT_EQ(install.env.at("DEBIAN_FRONTEND"), "noninteractive");
  ASSERT_TRUE(install.script);
  EXPECT_NE(install.script->find("command -v etcd "), std::string::npos);
  EXPECT_NE(install.script->find("command -v etcdctl "), std::string::npos);
  EXPECT_NE(install.script->find("apt-get install -y etcd-server etcd-client"), std::string::npos);
  EXPECT_GE(install.timeout, milliseconds(300'000));
}

TEST(EtcdDb, AwaitReadyPollsHealthUntilItSucceeds) {
  FakeRemote n2("n2");
  n2.once("endpoint health", FakeRemote::exits(1, "", "unhealthy"))
      .once("endpoint health", FakeRemote::exits(1, "", "unhealthy"));
  ASSERT_EQ(etcd()->await_ready(n2, node2(), milliseconds(5'000)), std::nullopt);
  ASSERT_EQ(n2.commands().size(), 3u);
  EXPECT_EQ(n2.commands()[2].argv,
            (std::vector<std::string>{"etcdctl", "--endpoints", "http://10.0.0.12:2379",
                                      "--dial-timeout=1s", "--command-timeout=2s", "endpoint",
                                      "health"}));
  EXPECT_LE(n2.commands()[2].timeout, milliseconds(5'000));
}

TEST(EtcdDb, AwaitReadyGivesUpAtTheLimitWithTheLastAnswerAndTheLogTail) {
  FakeRemote n2("n2");
  n2.on("endpoint health",
        FakeRemote::exits(1, "", "http://10.0.0.12:2379 is unhealthy: context deadline exceeded"))
      .on("tail", FakeRemote::exits(0, "raft: lost leader\nelection timeout\n"));
  const auto began = std::chrono::steady_clock::now();
  DbStepResult error = etcd()->await_ready(n2, node2(), milliseconds(500));
  const auto took = std::chrono::steady_clock::now() - began;
  ASSERT_TRUE(error);
  EXPECT_LT(took, std::chrono::seconds(2));
  EXPECT_EQ(error->node, "n2");
  EXPECT_EQ(error->step, "await_ready");
  EXPECT_NE(error->message.find("not ready within 0.5 s after "), std::string::npos)
      << error->message;
  EXPECT_NE(error->message.find("context deadline exceeded"), std::string::npos);
  EXPECT_NE(error->message.find(etcd_log_file() + " ends: raft: lost leader\nelection timeout"),
            std::string::npos)
      << error->message;
  EXPECT_GE(std::count_if(
                n2.commands().begin(), n2.commands().end(),
                [](const Command& c) { return c.describe().find("health") != std::string::npos; }),
            2);
}

TEST(EtcdDb, StopSignalsThePidFilesProcessAndKillSignalsEtcdInTheNodesNamespace) {
  FakeRemote n2("n2");
  ASSERT_EQ(etcd()->stop(n2, node2()), std::nullopt);
  ASSERT_EQ(n2.commands().size(), 1u);
  const Command& stop = n2.commands()[0];
  EXPECT_EQ(stop.argv.back(), etcd_pid_file());
  EXPECT_NE(stop.argv[2].find("kill -TERM"), std::string::npos);
  EXPECT_NE(stop.argv[2].find("kill -KILL"), std::string::npos);
  EXPECT_LT(stop.argv[2].find("kill -TERM"), stop.argv[2].find("kill -KILL"));

  n2.clear_log();
  n2.on("faultline-kill", FakeRemote::exits(kNotRunningStatus, "", "no process named etcd"));
  EXPECT_EQ(etcd()->kill(n2, node2()), std::nullopt) << "not running is what kill wants";
  EXPECT_EQ(n2.commands()[0].describe(), kill_command(etcd()->process()).describe());
}

TEST(EtcdDb, KillFailureAndWipeCommand) {
  FakeRemote n2("n2");
  n2.on("faultline-kill", FakeRemote::exits(1, "", "kill: operation not permitted"));
  DbStepResult error = etcd()->kill(n2, node2());
  ASSERT_TRUE(error);
  EXPECT_EQ(error->to_string(), "n2: kill: exited with status 1: kill: operation not permitted");

  n2.clear_log();
  ASSERT_EQ(etcd()->wipe(n2, node2()), std::nullopt);
  EXPECT_EQ(n2.commands()[0].argv,
            (std::vector<std::string>{"rm", "-rf", "--", etcd_data_dir(), etcd_log_file()}));
  EXPECT_TRUE(n2.commands()[0].sudo);
}

TEST(EtcdDb, ARemoteErrorIsTheStepsError) {
  FakeRemote n3("n3");
  n3.on("", RemoteError{"", RemoteErrorKind::kDisconnected, "session dropped", ""});
  DbStepResult error = etcd()->configure(n3, node2());
  ASSERT_TRUE(error);
  EXPECT_EQ(error->node, "n3");
  EXPECT_EQ(error->step, "configure");
  EXPECT_NE(error->message.find("session dropped"), std::string::npos);
}

}  // namespace
}  // namespace faultline
