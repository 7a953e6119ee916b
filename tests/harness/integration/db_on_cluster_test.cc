// The db lifecycle on a real local cluster (needs root): a 3-member etcd
// brought up, used, logged, brought down and up again from nothing; and a
// shell db whose start runs a uniquely named process and records the
// variables it was given.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "harness/db/db.h"
#include "harness/db/db_etcd.h"
#include "harness/remote/node_paths.h"
#include "harness/remote/shell.h"
#include "nemeses/process_faults.h"
#include "tests/support/cluster_suite.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;

class DbOnCluster : public testing::ClusterSuite<DbOnCluster> {
 public:
  static constexpr testing::ClusterSpec kCluster{"dbtest", "10.213.81.0/24", 3};

 protected:
  void SetUp() override {
    ClusterSuite::SetUp();
    if (HasFatalFailure()) return;
    std::vector<std::string> names, addresses;
    for (const NodeSpec& n : nodes_->nodes) {
      names.push_back(n.name);
      addresses.push_back(n.host);
    }
    for (const NodeSpec& n : nodes_->nodes) vars_.push_back({n.name, n.host, addresses, names});
  }

  DbLog log() {
    return [this](const std::string& line) {
      std::lock_guard<std::mutex> lock(lines_mutex_);
      lines_ += line + "\n";
    };
  }
  static std::string errors(const DbClusterReport& report) {
    std::string text;
    for (const DbStepError& e : report.errors) text += e.to_string() + "\n";
    return text;
  }
  // Runs argv on node i; its stdout, or a failure.
  std::string run(size_t i, std::vector<std::string> argv) {
    RemoteResult<CommandResult> r = node(i).run(Command::of(std::move(argv)));
    if (!r) {
      ADD_FAILURE() << r.error().to_string();
      return "";
    }
    EXPECT_TRUE(r->ok()) << spec(i).name << ": " << r->tail();
    return r->out;
  }
  std::string etcdctl(size_t i, std::vector<std::string> args) {
    std::vector<std::string> argv{"etcdctl", "--endpoints", "http://" + spec(i).host + ":2379",
                                  "--command-timeout=3s"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(i, argv);
  }
  // find_command()'s exit status on node i: 0 running, kNotRunningStatus not.
  int find_status(size_t i, const ProcessSpec& process) {
    RemoteResult<CommandResult> r = node(i).run(find_command(process));
    return r ? r->exit_status : -100;
  }

  std::vector<DbNodeVariables> vars_;
  std::mutex lines_mutex_;
  std::string lines_;  // the db log's lines
};

TEST_F(DbOnCluster, EtcdComesUpServesIsLoggedGoesDownAndComesUpFresh) {
  auto db = make_db(DbConfig{});
  DbClusterReport up = db_up(*db, all(), vars_, log(), milliseconds(30'000));
  ASSERT_TRUE(up.ok()) << errors(up) << lines_;
  EXPECT_NE(lines_.find("n2: start: ok ("), std::string::npos) << lines_;
  EXPECT_NE(lines_.find("n3: await_ready: ok ("), std::string::npos) << lines_;
  for (size_t i = 0; i < 3; ++i) {
    etcdctl(i, {"endpoint", "health"});  // fails the test unless it exits 0
  }
  etcdctl(0, {"put", "dbtest-key", "written through n1"});
  EXPECT_EQ(etcdctl(2, {"get", "dbtest-key", "--print-value-only"}), "written through n1\n");

  const std::string logs = ::testing::TempDir() + "dbtest-logs-" + std::to_string(getpid());
  DbClusterReport collected = collect_db_logs(*db, all(), vars_, logs);
  EXPECT_TRUE(collected.ok()) << errors(collected);
  for (size_t i = 0; i < 3; ++i) {
    std::ifstream file(logs + "/" + spec(i).name + "/etcd.log");
    std::stringstream text;
    text << file.rdbuf();
    EXPECT_NE(text.str().find(spec(i).host + ":2379"), std::string::npos) << spec(i).name;
  }
  std::filesystem::remove_all(logs);

  DbClusterReport down = db_down(*db, all(), vars_, log());
  ASSERT_TRUE(down.ok()) << errors(down);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(find_status(i, db->process()), kNotRunningStatus) << spec(i).name;
    EXPECT_EQ(run(i, {"sh", "-c", "test -e \"$0\" && echo present || echo gone", etcd_pid_file()}),
              "gone\n");
  }

  DbClusterReport again = db_up(*db, all(), vars_, log(), milliseconds(30'000));
  ASSERT_TRUE(again.ok()) << errors(again) << lines_;
  EXPECT_EQ(etcdctl(1, {"get", "dbtest-key", "--print-value-only"}), "")
      << "the wiped cluster must start empty";
  EXPECT_TRUE(db_down(*db, all(), vars_, log()).ok());
}

TEST_F(DbOnCluster, EtcdRestartCommandBringsAKilledMemberBack) {
  auto db = make_db(DbConfig{});
  DbClusterReport up = db_up(*db, all(), vars_, log(), milliseconds(30'000));
  ASSERT_TRUE(up.ok()) << errors(up) << lines_;
  FaultOutcome killed = kill_processes({&node(1)}, db->process());
  ASSERT_TRUE(killed.ok()) << killed.errors.front();
  std::optional<Command> restart = db->restart_command(vars_[1]);
  ASSERT_TRUE(restart);
  FaultOutcome restarted = restart_processes({&node(1)}, RestartRequest{db->process(), *restart});
  ASSERT_TRUE(restarted.ok()) << restarted.errors.front();
  EXPECT_EQ(db->await_ready(node(1), vars_[1], milliseconds(30'000)), std::nullopt);
  EXPECT_TRUE(db_down(*db, all(), vars_, log()).ok());
}

// A shell db whose process is a copy of sleep under a name no one else uses.
class ShellDbOnCluster : public DbOnCluster {
 protected:
  void SetUp() override {
    DbOnCluster::SetUp();
    if (HasFatalFailure()) return;
    name_ = "fldb" + std::to_string(getpid());
    dir_ = ::testing::TempDir() + "dbtest-" + name_;
    std::filesystem::create_directories(dir_);
    std::filesystem::copy_file("/bin/sleep", dir_ + "/" + name_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  DbConfig config(std::string await_ready) {
    DbConfig c;
    c.kind = DbKind::kShell;
    c.process = name_;
    const std::string sleeper = shell_quote(dir_ + "/" + name_);
    c.steps["start"] = "printf '%s\\n' \"$node\" \"${address}\" \"${peers}\" > " + vars_file() +
                       " && " + "setsid " + sleeper + " 300 >/dev/null 2>&1 </dev/null &";
    c.steps["wipe"] = "rm -f " + vars_file();
    c.steps["await_ready"] = std::move(await_ready);
    return c;
  }
  static std::string vars_file() { return std::string(kNodeStateDir) + "/dbtest.vars"; }

  std::string name_;
  std::string dir_;
};

TEST_F(ShellDbOnCluster, StartGetsTheVariablesExactlyAndDownKillsTheProcess) {
  std::vector<DbNodeVariables> vars = vars_;
  // A canary of this process's own: a fixed name could be made by anyone else.
  const std::string canary = "/tmp/faultline-pwned-" + std::to_string(getpid());
  vars[0].node = "n1 $(touch " + canary + ") `id` 'q\" ; *";  // must arrive as it is
  auto db = make_db(config("test -s " + vars_file()));
  DbClusterReport up = db_up(*db, all(), vars, log(), milliseconds(10'000));
  ASSERT_TRUE(up.ok()) << errors(up) << lines_;
  const std::string peers = spec(0).host + "," + spec(1).host + "," + spec(2).host;
  std::vector<int> pids;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(run(i, {"cat", vars_file()}),
              vars[i].node + "\n" + spec(i).host + "\n" + peers + "\n");
    RemoteResult<CommandResult> found = node(i).run(find_command(db->process()));
    ASSERT_TRUE(found && found->ok()) << spec(i).name;
    std::vector<int> here = parse_pids(found->out);
    ASSERT_EQ(here.size(), 1u) << spec(i).name << ": each node sees only its own process";
    pids.push_back(here[0]);
  }
  EXPECT_NE(pids[0], pids[1]);
  EXPECT_FALSE(std::filesystem::exists(canary));

  DbClusterReport down = db_down(*db, all(), vars, log());
  EXPECT_TRUE(down.ok()) << errors(down);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(find_status(i, db->process()), kNotRunningStatus) << spec(i).name;
  }
}

TEST_F(ShellDbOnCluster, AwaitReadyThatNeverSucceedsFailsWithinTheLimitNamingNodeAndStep) {
  auto db = make_db(config("test -e " + std::string(kNodeStateDir) + "/never"));
  const auto began = std::chrono::steady_clock::now();
  DbStepResult error = db->await_ready(node(1), vars_[1], milliseconds(1'500));
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(5));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->node, "n2");
  EXPECT_EQ(error->step, "await_ready");
  EXPECT_EQ(error->to_string().rfind("n2: await_ready: not ready within 1.5 s after ", 0), 0u)
      << error->to_string();
}

}  // namespace
}  // namespace faultline
