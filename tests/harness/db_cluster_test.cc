// db_up, db_down and collect_db_logs against fake remotes: the order of
// steps on every node, every node's errors together, one log line per node
// and step, interruption between steps, and where logs land.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <stop_token>

#include "harness/db/db.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;
using testing::FakeRemote;
using testing::FakeTransfer;

// A shell db whose commands are the step names, so a node's log reads as steps.
DbConfig steps_db(std::string process = "") {
  DbConfig config;
  config.kind = DbKind::kShell;
  for (const char* step : {"install", "configure", "start", "await_ready", "stop", "kill", "wipe"})
    config.steps[step] = std::string("step-") + step;
  config.process = std::move(process);
  config.logs = {"/var/lib/faultline/db.log", "/var/log/other.log"};
  return config;
}

struct Cluster {
  std::vector<FakeRemote> fakes{FakeRemote("n1"), FakeRemote("n2"), FakeRemote("n3")};
  std::vector<DbNodeVariables> nodes;
  std::vector<std::string> lines;
  std::mutex lines_mutex;
  DbLog log = [this](const std::string& line) {
    std::lock_guard<std::mutex> lock(lines_mutex);
    lines.push_back(line);
  };

  Cluster() {
    for (int i = 1; i <= 3; ++i) {
      nodes.push_back({"n" + std::to_string(i), "10.0.0.1" + std::to_string(i), {}, {}});
    }
  }
  std::vector<Remote*> remotes() {
    std::vector<Remote*> out;
    for (FakeRemote& f : fakes) out.push_back(&f);
    return out;
  }
  bool logged(const std::string& prefix) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.rfind(prefix, 0) == 0; });
  }
};

const std::vector<std::string> kUpLines = {"step-kill",      "step-wipe",  "step-install",
                                           "step-configure", "step-start", "step-await_ready"};

TEST(DbUp, EveryNodeKillsWipesInstallsConfiguresStartsThenAwaitsReady) {
  Cluster c;
  auto db = make_db(steps_db());
  DbClusterReport report = db_up(*db, c.remotes(), c.nodes, c.log, milliseconds(1000));
  EXPECT_TRUE(report.ok());
  for (FakeRemote& f : c.fakes) EXPECT_EQ(f.command_lines(), kUpLines) << f.node();
  EXPECT_EQ(c.lines.size(), 18u);
  EXPECT_TRUE(c.logged("n2: start: ok (0.")) << ::testing::PrintToString(c.lines);
  EXPECT_TRUE(c.logged("n3: await_ready: ok ("));
}

TEST(DbUp, RunsNodesInParallel) {
  Cluster c;
  for (FakeRemote& f : c.fakes) f.set_latency(milliseconds(100));
  auto db = make_db(steps_db());
  const auto began = std::chrono::steady_clock::now();
  EXPECT_TRUE(db_up(*db, c.remotes(), c.nodes, c.log, milliseconds(1000)).ok());
  // 6 commands of 100 ms on each of 3 nodes: 0.6 s in parallel, 1.8 s in turn.
  EXPECT_LT(std::chrono::steady_clock::now() - began, milliseconds(1500));
}

TEST(DbUp, CollectsEveryNodesFailureAndDoesNotAwaitWhenAStartFailed) {
  Cluster c;
  c.fakes[0].on("step-install", FakeRemote::exits(100, "", "E: no such package"));
  c.fakes[2].on("step-start", FakeRemote::exits(1, "", "port taken"));
  auto db = make_db(steps_db());
  DbClusterReport report = db_up(*db, c.remotes(), c.nodes, c.log, milliseconds(1000));
  ASSERT_EQ(report.errors.size(), 2u);
  EXPECT_EQ(report.errors[0].to_string(),
            "n1: install: exited with status 100: E: no such package");
  EXPECT_EQ(report.errors[1].to_string(), "n3: start: exited with status 1: port taken");
  EXPECT_EQ(c.fakes[0].command_lines(),
            (std::vector<std::string>{"step-kill", "step-wipe", "step-install"}));
  EXPECT_EQ(c.fakes[1].command_lines().back(), "step-start");
  EXPECT_TRUE(c.logged("n1: install: failed (0.")) << ::testing::PrintToString(c.lines);
  EXPECT_TRUE(c.logged("n3: start: failed ("));
}

TEST(DbUp, AwaitReadyFailuresOfSeveralNodesAllComeBack) {
  Cluster c;
  c.fakes[1].on("step-await_ready", FakeRemote::exits(1, "", "not yet"));
  c.fakes[2].on("step-await_ready", FakeRemote::exits(1, "", "not yet"));
  auto db = make_db(steps_db());
  DbClusterReport report = db_up(*db, c.remotes(), c.nodes, c.log, milliseconds(300));
  ASSERT_EQ(report.errors.size(), 2u);
  EXPECT_EQ(report.errors[0].node, "n2");
  EXPECT_EQ(report.errors[1].node, "n3");
  for (const DbStepError& e : report.errors) {
    EXPECT_EQ(e.step, "await_ready");
    EXPECT_NE(e.message.find("not yet"), std::string::npos);
  }
}

TEST(DbUp, AStopRequestedBeforehandRunsNothing) {
  Cluster c;
  std::stop_source stop;
  stop.request_stop();
  auto db = make_db(steps_db());
  DbClusterReport report =
      db_up(*db, c.remotes(), c.nodes, c.log, milliseconds(1000), stop.get_token());
  ASSERT_EQ(report.errors.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(report.errors[i].to_string(), c.nodes[i].node + ": kill: interrupted");
    EXPECT_TRUE(c.fakes[i].commands().empty());
  }
}

TEST(DbUp, AStopRequestEndsANodeBetweenSteps) {
  Cluster c;
  c.fakes.erase(c.fakes.begin() + 1, c.fakes.end());
  c.nodes.erase(c.nodes.begin() + 1, c.nodes.end());
  std::stop_source stop;
  auto db = make_db(steps_db());
  DbLog log = [&](const std::string& line) {
    c.log(line);
    if (line.find(": install: ") != std::string::npos) stop.request_stop();
  };
  DbClusterReport report =
      db_up(*db, c.remotes(), c.nodes, log, milliseconds(1000), stop.get_token());
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].to_string(), "n1: configure: interrupted");
  EXPECT_EQ(c.fakes[0].command_lines(),
            (std::vector<std::string>{"step-kill", "step-wipe", "step-install"}));
}

TEST(DbUp, AStopRequestedOnceAllStartedEndsItBeforeAwaiting) {
  Cluster c;
  std::stop_source stop;
  int starts = 0;  // the log is called by one thread at a time
  auto db = make_db(steps_db());
  DbLog log = [&](const std::string& line) {
    c.log(line);
    if (line.find(": start: ") != std::string::npos && ++starts == 3) stop.request_stop();
  };
  DbClusterReport report =
      db_up(*db, c.remotes(), c.nodes, log, milliseconds(1000), stop.get_token());
  ASSERT_EQ(report.errors.size(), 3u);
  for (const DbStepError& e : report.errors) {
    EXPECT_EQ(e.step + ": " + e.message, "await_ready: interrupted");
  }
  for (FakeRemote& f : c.fakes) EXPECT_EQ(f.command_lines().back(), "step-start");
}

TEST(DbDown, StopsEveryNodeAndKillsWhereStopFailed) {
  Cluster c;
  c.fakes[1].on("step-stop", FakeRemote::exits(1, "", "shutdown refused"));
  auto db = make_db(steps_db());
  DbClusterReport report = db_down(*db, c.remotes(), c.nodes, c.log);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].to_string(),
            "n2: stop: exited with status 1: shutdown refused (killed instead)");
  EXPECT_EQ(c.fakes[0].command_lines(), (std::vector<std::string>{"step-stop"}));
  EXPECT_EQ(c.fakes[1].command_lines(), (std::vector<std::string>{"step-stop", "step-kill"}));
  EXPECT_TRUE(c.logged("n2: kill: ok ("));
}

TEST(DbDown, KillsAProcessStillThereAfterStopAndReportsAFailedKill) {
  Cluster c;
  auto db = make_db(steps_db("redis-server"));
  // n1: gone after stop; n2: still there, killed; n3: still there, kill fails.
  c.fakes[0].on("faultline-find", FakeRemote::exits(kNotRunningStatus, "", "not running"));
  c.fakes[1].on("faultline-find", FakeRemote::exits(0, "4242\n"));
  c.fakes[2]
      .on("faultline-find", FakeRemote::exits(0, "4343\n"))
      .on("step-kill", FakeRemote::exits(1, "", "operation not permitted"));
  DbClusterReport report = db_down(*db, c.remotes(), c.nodes, c.log);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].to_string(),
            "n3: kill: exited with status 1: operation not permitted");
  EXPECT_EQ(c.fakes[0].commands().size(), 2u);
  EXPECT_EQ(c.fakes[1].command_lines().back(), "step-kill");
}

TEST(CollectDbLogs, DownloadsEachLogIntoTheNodesDirectoryAndGoesOnAfterAMissingOne) {
  Cluster c;
  c.fakes[1].fail_transfers("db.log",
                            RemoteError{"", RemoteErrorKind::kTransfer, "no such file", ""});
  auto db = make_db(steps_db());
  const std::string dir = ::testing::TempDir() + "db_logs_test";
  DbClusterReport report = collect_db_logs(*db, c.remotes(), c.nodes, dir);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].node, "n2");
  EXPECT_EQ(report.errors[0].step, "collect_logs");
  EXPECT_NE(report.errors[0].message.find("/var/lib/faultline/db.log"), std::string::npos);
  EXPECT_NE(report.errors[0].message.find("no such file"), std::string::npos);
  for (FakeRemote& f : c.fakes) {
    EXPECT_EQ(f.transfers(), (std::vector<FakeTransfer>{
                                 {FakeTransfer::Direction::kDownload,
                                  dir + "/" + f.node() + "/db.log", "/var/lib/faultline/db.log"},
                                 {FakeTransfer::Direction::kDownload,
                                  dir + "/" + f.node() + "/other.log", "/var/log/other.log"}}));
    EXPECT_TRUE(std::filesystem::is_directory(dir + "/" + f.node()));
  }
}

TEST(CollectDbLogs, LogsWithTheSameNameKeepTheirPathsAndNoneLeavesTheNodesDirectory) {
  EXPECT_EQ(local_log_names({"/var/log/etcd.log", "/tmp/x/server.log"}),
            (std::vector<std::string>{"etcd.log", "server.log"}));
  EXPECT_EQ(local_log_names({"/a/server.log", "/b//server.log", "/c/other.log"}),
            (std::vector<std::string>{"a_server.log", "b_server.log", "other.log"}));
  EXPECT_EQ(local_log_names({"/var/log/..", "/", "/data/"}),
            (std::vector<std::string>{"var_log_..", "log", "data"}));
  EXPECT_EQ(local_log_names({"/a/x.log", "/b/x.log", "/c/a_x.log"}),
            (std::vector<std::string>{"a_x.log", "b_x.log", "a_x.log.1"}));
  EXPECT_EQ(local_log_names({"/a/b/x.log", "/a_b/x.log"}),
            (std::vector<std::string>{"a_b_x.log", "a_b_x.log.1"}));
  for (const std::string& name : local_log_names({"../../etc/passwd", "/x/../../y"})) {
    EXPECT_EQ(name.find('/'), std::string::npos) << name;
    EXPECT_NE(name, "..");
  }
}

}  // namespace
}  // namespace faultline
