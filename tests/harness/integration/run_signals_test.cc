// How `faultline run` ends on signals, end to end on a real etcd in a local
// cluster made for the run: an interrupt during setup exits as results.json
// says and leaves a history; a third Ctrl-C exits at once naming the exact
// commands that clean up (which then leave nothing); runs started at the
// same moment each claim a local cluster of their own. Needs root.
// (run_interrupt_trials_test.cc sends every ending at random moments.)
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <thread>

#include "harness/history/op.h"
#include "harness/base/text_file.h"
#include "tests/harness/integration/cluster_leftovers.h"
#include "tests/harness/integration/run_process.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

const std::string kBinary = FAULTLINE_BINARY;
const std::string kSource = FAULTLINE_SOURCE_DIR;

std::string file_text(const std::string& path) {
  auto text = read_text_file(path);
  return text ? *text : "";
}

// "run3" -> "10.213.153." (run_nodes.cc: run1 is on 10.213.151.0/24).
std::string run_subnet_prefix(const std::string& name) {
  return "10.213." + std::to_string(150 + std::stoi(name.substr(3))) + ".";
}

bool wait_for_text(const std::string& path, const std::string& text, milliseconds patience) {
  for (const auto end = std::chrono::steady_clock::now() + patience;
       std::chrono::steady_clock::now() < end;) {
    if (file_text(path).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return false;
}

class RunSignals : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (namespaces, sshd, iptables)";
    char pattern[] = "/tmp/faultline-signals-XXXXXX";
    store_ = mkdtemp(pattern);
  }
  void TearDown() override {
    if (!store_.empty()) fs::remove_all(store_);
  }
  std::unique_ptr<testing::RunProcess> start(const std::string& test, const std::string& store) {
    return std::make_unique<testing::RunProcess>(
        kBinary,
        std::vector<std::string>{"run", kSource + "/examples/" + test, "--store", store,
                                 "--time-limit", "20"},
        store + "/stderr.txt");
  }
  // The run's folder (store/<test>/latest) and its results.json.
  static std::string run_dir(const std::string& store, const std::string& test) {
    std::error_code ec;
    return fs::canonical(store + "/" + test + "/latest", ec).string();
  }
  static Json results_of(const std::string& dir) {
    return Json::parse(file_text(dir + "/results.json"), nullptr, false);
  }

  std::string store_;
};

TEST_F(RunSignals, AnInterruptDuringSetupExitsAsResultsJsonSaysAndLeavesAHistory) {
  auto run = start("etcd-register.yaml", store_);
  ASSERT_TRUE(run->wait_for("local cluster '", milliseconds(60'000))) << run->out();
  ASSERT_EQ(kill(run->pid(), SIGINT), 0);
  std::optional<int> status = run->wait(milliseconds(120'000));
  ASSERT_TRUE(status);
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 130) << run->out();
  const std::string dir = run_dir(store_, "etcd-register");
  Json results = results_of(dir);
  ASSERT_TRUE(results.is_object()) << dir;
  EXPECT_EQ(results["exit_code"], 130) << results.dump(1);
  EXPECT_EQ(results["interrupted"], true);
  EXPECT_EQ(results["interrupt_signal"], SIGINT);
  EXPECT_TRUE(fs::exists(dir + "/history.jsonl")) << "docs/store.md promises a history";
  const std::string cluster = results.value("local_cluster", "");
  ASSERT_FALSE(cluster.empty()) << results.dump(1);
  EXPECT_EQ(testing::cluster_leftovers(cluster, run_subnet_prefix(cluster)), "");
}

// Healing goes on after a second Ctrl-C; the third exits at once. Its
// message names the commands with the run's real store and cluster, and
// they clean up everything.
TEST_F(RunSignals, AThirdCtrlCExitsAtOnceNamingTheCommandsThatCleanUp) {
  auto run = start("etcd-register.yaml", store_);
  const std::string err = store_ + "/stderr.txt";
  ASSERT_TRUE(run->wait_for("nemesis: start-", milliseconds(90'000))) << run->out();
  ASSERT_EQ(kill(run->pid(), SIGINT), 0);
  ASSERT_TRUE(wait_for_text(err, "stopping and healing", milliseconds(5'000))) << file_text(err);
  ASSERT_EQ(kill(run->pid(), SIGINT), 0);
  ASSERT_TRUE(wait_for_text(err, "still healing", milliseconds(5'000))) << file_text(err);
  ASSERT_EQ(kill(run->pid(), SIGINT), 0);
  std::optional<int> status = run->wait(milliseconds(30'000));
  ASSERT_TRUE(status);
  ASSERT_TRUE(WIFEXITED(*status));
  EXPECT_EQ(WEXITSTATUS(*status), 130) << file_text(err);

  const std::string dir = run_dir(store_, "etcd-register");
  Json results = results_of(dir);
  ASSERT_TRUE(results.is_object()) << dir;
  EXPECT_EQ(results["exit_code"], 130) << results.dump(1);
  EXPECT_EQ(results["verdict"], "unknown");
  EXPECT_EQ(results["interrupted"], true);
  EXPECT_NE(results["errors"].dump().find("exited at once"), std::string::npos) << results.dump(1);
  const std::string cluster = results.value("local_cluster", "");
  ASSERT_FALSE(cluster.empty()) << results.dump(1);
  const std::string heal = "faultline heal --nodes-file " + dir + "/nodes.yaml";
  const std::string down = "faultline cluster down --name " + cluster;
  const std::string message = file_text(err);
  EXPECT_NE(message.find(heal), std::string::npos) << message;
  EXPECT_NE(message.find(down), std::string::npos) << message;

  testing::BinaryRun healed = testing::run_faultline(kBinary, heal.substr(10));
  EXPECT_EQ(healed.status, 0) << healed.out;
  testing::BinaryRun removed = testing::run_faultline(kBinary, down.substr(10));
  EXPECT_EQ(removed.status, 0) << removed.out;
  EXPECT_EQ(testing::cluster_leftovers(cluster, run_subnet_prefix(cluster)), "");
}

// The loser of a race for a cluster name used to exit 255, advising to take
// down the winner's live cluster.
TEST_F(RunSignals, RunsStartedAtOnceEachClaimAClusterOfTheirOwn) {
  const std::string test = store_ + "/at-once.yaml";
  std::ofstream(test) << "name: at-once\nnodes: {local: 1}\ndb: etcd\nworkload: register\n"
                         "concurrency: 2\nrate: 50\ntime_limit: 3s\n";
  constexpr int kRuns = 3;
  std::vector<std::unique_ptr<testing::RunProcess>> runs;
  for (int i = 0; i < kRuns; ++i) {
    const std::string store = store_ + "/" + std::to_string(i);
    fs::create_directories(store);
    runs.push_back(std::make_unique<testing::RunProcess>(
        kBinary, std::vector<std::string>{"run", test, "--store", store}, store + "/stderr.txt"));
  }
  std::set<std::string> clusters;
  for (int i = 0; i < kRuns; ++i) {
    std::optional<int> status = runs[i]->wait(milliseconds(180'000));
    ASSERT_TRUE(status) << i;
    const std::string store = store_ + "/" + std::to_string(i);
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
        << "run " << i << ":\n"
        << runs[i]->out() << file_text(store + "/stderr.txt");
    Json results = results_of(run_dir(store, "at-once"));
    ASSERT_TRUE(results.is_object()) << i;
    clusters.insert(results.value("local_cluster", ""));
  }
  EXPECT_EQ(clusters.size(), static_cast<size_t>(kRuns)) << "each run has a cluster of its own";
  for (const std::string& cluster : clusters) {
    if (cluster.empty()) continue;
    EXPECT_EQ(testing::cluster_leftovers(cluster, run_subnet_prefix(cluster)), "") << cluster;
  }
}

}  // namespace
}  // namespace faultline
