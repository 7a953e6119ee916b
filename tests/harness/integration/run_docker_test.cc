// `faultline run` on container nodes, as a user runs it: examples/etcd-docker*.yaml
// make a 5-container cluster for the run (`nodes: {docker: 5}`), install
// nothing (etcd is in the node image), run etcd under partitions, pauses and
// kills, heal, store, check, and remove every container, the network and the
// rules. Linearizable reads check valid, serializable reads under partitions
// invalid. Needs root and dockerd (skips; fails in CI); ~40 s each.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include "harness/base/text_file.h"
#include "tests/harness/integration/cluster_leftovers.h"
#include "tests/harness/integration/example_run.h"
#include "tests/harness/integration/run_process.h"
#include "tests/support/docker_test.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

class RunOnContainers : public testing::ExampleRun {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root";
    DockerForTests& docker = docker_for_tests();
    FAULTLINE_REQUIRE_DOCKER(docker.daemon);
    ASSERT_EQ(docker.image_error, "") << "the node image " << docker.image;
    ExampleRun::SetUp();
  }
  void TearDown() override {
    if (!store_.empty()) ExampleRun::TearDown();  // nothing to remove after a skip
  }

  // The run made a container cluster of its own, and nothing of it is left:
  // no container or network in dockerd, no bridge, address, rule or state on
  // the machine.
  void expect_no_container_cluster_left(const Json& results) {
    const std::string cluster = results.value("local_cluster", "");
    ASSERT_EQ(cluster.rfind("run", 0), 0u) << "results.json names no local cluster";
    EXPECT_EQ(docker_leftovers(cluster), "");
    const std::string subnet = "10.213." + std::to_string(150 + std::stoi(cluster.substr(3))) + ".";
    EXPECT_EQ(testing::cluster_leftovers(cluster, subnet), "");
  }

  // `faultline run examples/<test> --time-limit 20` in the background.
  std::unique_ptr<testing::RunProcess> start(const std::string& test) {
    return std::make_unique<testing::RunProcess>(
        FAULTLINE_BINARY,
        std::vector<std::string>{"run", std::string(FAULTLINE_SOURCE_DIR) + "/examples/" + test,
                                 "--store", store_, "--time-limit", "20"},
        store_ + "/stderr.txt");
  }

  // The nodes were containers: the stored nodes file names each one's container.
  void expect_container_nodes(int count) {
    auto nodes = read_text_file(store_ + "/latest/nodes.yaml");
    ASSERT_TRUE(nodes) << nodes.error().reason;
    for (int i = 1; i <= count; ++i) {
      EXPECT_NE(nodes->find("container: fl-"), std::string::npos) << *nodes;
      EXPECT_NE(nodes->find("-n" + std::to_string(i) + "\n"), std::string::npos) << *nodes;
    }
    EXPECT_EQ(nodes->find("netns:"), std::string::npos) << *nodes;
  }

  // Every fault the nemesis started was applied on the nodes it names and
  // healed: its completion names nodes (a partition its grudge, a pause or
  // kill the pids it signalled on each node), no node failed, nothing is
  // still active. Returns the completed fault kinds.
  std::set<std::string> expect_faults_applied(const Json& results) {
    const Json& nemesis = results["nemesis"];
    EXPECT_EQ(nemesis["errors"], Json::array()) << nemesis.dump();
    EXPECT_EQ(nemesis["still_active"], Json::array()) << nemesis.dump();
    std::map<std::string, Json> invoked;
    std::set<std::string> applied;
    for (const Json& op : history()) {
      if (op["process"] != "nemesis") continue;
      const std::string f = op["f"];
      if (!invoked.count(f)) {
        invoked[f] = op;
        continue;
      }
      invoked.erase(f);
      if (f.rfind("start-", 0) != 0) continue;
      const Json& value = op["value"];
      EXPECT_FALSE(op.contains("error")) << op.dump();
      if (f == "start-partition") {  // the grudge: node -> the nodes it drops
        EXPECT_TRUE(value.is_object() && !value.empty()) << op.dump();
      } else {  // pause, kill: node -> the pids signalled there
        EXPECT_TRUE(value.contains("pids") && !value["pids"].empty()) << op.dump();
        if (!value.contains("pids")) continue;
        for (const auto& [node, pids] : value["pids"].items()) {
          EXPECT_FALSE(pids.empty()) << node << ": " << op.dump();
        }
      }
      applied.insert(f);
    }
    // The clients saw the partitions: the availability has a period per fault,
    // and a partition's has its sides.
    int sided = 0;
    for (const Json& period : results["availability"]["periods"]) {
      if (period["kind"] == "fault" && period.contains("sides") && period["sides"].size() >= 2) {
        ++sided;
      }
    }
    EXPECT_GE(sided, 1) << results["availability"].dump();
    return applied;
  }
};

TEST_F(RunOnContainers, EtcdWithLinearizableReadsOnFiveContainersIsValid) {
  testing::BinaryRun r = run("etcd-docker.yaml", "--time-limit 24");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("VALID"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("container cluster 'run"), std::string::npos) << r.out;
  const Json results = this->results();
  EXPECT_EQ(results["verdict"], "valid");
  EXPECT_EQ(results["errors"], Json::array());
  EXPECT_EQ(results["run"]["reached"], "done");
  EXPECT_GT(results["run"]["ok"].get<int>(), 100) << results["run"].dump();
  expect_container_nodes(5);
  const std::set<std::string> applied = expect_faults_applied(results);
  // 24 s with a fault every 9 s: a partition, a pause, another partition.
  EXPECT_TRUE(applied.count("start-partition")) << r.out;
  EXPECT_TRUE(applied.count("start-pause")) << r.out;
  for (int i = 1; i <= 5; ++i) {
    const std::string log = store_ + "/latest/nodes/n" + std::to_string(i) + "/etcd.log";
    EXPECT_TRUE(fs::exists(log)) << log;
  }
  expect_no_container_cluster_left(results);
}

TEST_F(RunOnContainers, EtcdWithSerializableReadsOnFiveContainersIsInvalid) {
  testing::BinaryRun r = run("etcd-docker-serializable.yaml", "");
  ASSERT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("INVALID"), std::string::npos) << r.out;
  const Json results = this->results();
  EXPECT_EQ(results["verdict"], "invalid");
  EXPECT_EQ(results["errors"], Json::array());
  expect_container_nodes(5);
  EXPECT_TRUE(expect_faults_applied(results).count("start-partition")) << r.out;
  expect_no_container_cluster_left(results);
}

// Ctrl-C or SIGTERM while faults are on: the run heals, stores, checks what
// it has, exits 128 + the signal, and its containers are gone.
class RunOnContainersSignal : public RunOnContainers, public ::testing::WithParamInterface<int> {};

TEST_P(RunOnContainersSignal, MidRunHealsAndRemovesTheContainers) {
  const int signal = GetParam();
  auto run = start("etcd-docker.yaml");
  ASSERT_TRUE(run->wait_for("nemesis: start-", milliseconds(120'000))) << run->out();
  ASSERT_EQ(::kill(run->pid(), signal), 0);
  std::optional<int> status = run->wait(milliseconds(120'000));
  ASSERT_TRUE(status);
  ASSERT_TRUE(WIFEXITED(*status)) << run->out();
  EXPECT_EQ(WEXITSTATUS(*status), 128 + signal) << run->out();
  const Json results = this->results();
  EXPECT_EQ(results["interrupted"], true) << results.dump(1);
  EXPECT_EQ(results["interrupt_signal"], signal);
  EXPECT_EQ(results["nemesis"]["still_active"], Json::array()) << results["nemesis"].dump();
  expect_no_container_cluster_left(results);
}

INSTANTIATE_TEST_SUITE_P(Signals, RunOnContainersSignal, ::testing::Values(SIGINT, SIGTERM),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(info.param == SIGINT ? "Sigint" : "Sigterm");
                         });

// SIGKILL leaves the containers and any fault; the commands the docs give
// (heal with the stored nodes file, `cluster down --name` with the cluster
// results.json names) remove everything.
TEST_F(RunOnContainers, AfterSigkillHealAndClusterDownLeaveNothing) {
  auto run = start("etcd-docker.yaml");
  ASSERT_TRUE(run->wait_for("nemesis: start-", milliseconds(120'000))) << run->out();
  ASSERT_EQ(::kill(run->pid(), SIGKILL), 0);
  std::optional<int> status = run->wait(milliseconds(30'000));
  ASSERT_TRUE(status);
  ASSERT_TRUE(WIFSIGNALED(*status));
  const Json results = this->results();
  const std::string cluster = results.value("local_cluster", "");
  ASSERT_EQ(cluster.rfind("run", 0), 0u) << results.dump(1);
  ASSERT_NE(docker_leftovers(cluster), "") << "the killed run's containers are still there";
  const std::string nodes_file = store_ + "/latest/nodes.yaml";
  testing::BinaryRun healed =
      testing::run_faultline(FAULTLINE_BINARY, "heal --nodes-file " + nodes_file + " 2>&1");
  EXPECT_EQ(healed.status, 0) << healed.out;
  testing::BinaryRun down =
      testing::run_faultline(FAULTLINE_BINARY, "cluster down --name " + cluster + " 2>&1");
  EXPECT_EQ(down.status, 0) << down.out;
  expect_no_container_cluster_left(results);
}

// A test file in the store folder: `nodes` containers, a shell db that
// installs nothing and starts with `start` (a shell step), and the memory
// register adapter as client. Its path.
std::string write_shell_db_test(const std::string& store, const std::string& name, int nodes,
                                const std::string& start) {
  const std::string test = store + "/" + name + ".yaml";
  std::ofstream(test) << "name: " << name << "\nnodes: {docker: " << nodes
                      << "}\nworkload: register\n"
                         "db: {kind: shell, steps: {install: 'true', start: '"
                      << start
                      << "', stop: 'true', wipe: 'true'}}\n"
                         "client: {kind: adapter, command: [python3, " FAULTLINE_SOURCE_DIR
                         "/tests/workloads/adapters/register_memory.py]}\n";
  return test;
}

// A run that fails after its containers are up (the database does not
// start) still removes them, and says why it failed.
TEST_F(RunOnContainers, ARunThatFailsRemovesItsContainers) {
  const std::string test = write_shell_db_test(store_, "fails", 2, "echo no such db >&2; exit 3");
  testing::BinaryRun r = testing::run_faultline(
      FAULTLINE_BINARY, "run " + test + " --store " + store_ + " --time-limit 5 2>&1");
  EXPECT_EQ(r.status, 255) << r.out;
  EXPECT_NE(r.out.find("no such db"), std::string::npos) << r.out;
  expect_no_container_cluster_left(results());
}

// A Docker network a killed run left under the name the next run would take
// (its cluster never taken down): the run takes the next name instead of
// failing on it.
TEST_F(RunOnContainers, ALeftoverDockerNetworkMakesTheRunTakeTheNextName) {
  int free = 1;
  while (fs::exists("/run/faultline/clusters/run" + std::to_string(free)) ||
         fs::exists("/sys/class/net/flbr-run" + std::to_string(free))) {
    ++free;
  }
  const std::string taken = "fl-run" + std::to_string(free);
  ASSERT_EQ(docker_out({"network", "create", "--internal", "--label", "org.faultline.test=leftover",
                        taken})
                .rfind("docker failed", 0),
            std::string::npos);
  const std::string test = write_shell_db_test(store_, "next", 1, "true");
  testing::BinaryRun r = testing::run_faultline(
      FAULTLINE_BINARY, "run " + test + " --store " + store_ + " --time-limit 2 2>&1");
  docker_out({"network", "rm", taken});
  // The verdict is not this test's business (the adapter keeps one register per worker).
  EXPECT_TRUE(r.status == 0 || r.status == 1) << r.out;
  const Json results = this->results();
  EXPECT_EQ(results["errors"], Json::array()) << r.out;
  EXPECT_EQ(results.value("local_cluster", ""), "run" + std::to_string(free + 1)) << r.out;
  expect_no_container_cluster_left(results);
}

// An image that dockerd does not have: the run says so and how to make the
// node image, before it makes anything.
TEST_F(RunOnContainers, AMissingImageIsAClearErrorAndNothingIsMade) {
  const std::string test = store_ + "/no-image.yaml";
  std::ofstream(test) << "name: no-image\nnodes: {docker: 2, image: 'faultline-test-none:1'}\n"
                         "db: etcd\nworkload: register\n";
  testing::BinaryRun r = testing::run_faultline(
      FAULTLINE_BINARY, "run " + test + " --store " + store_ + " --time-limit 5 2>&1");
  EXPECT_EQ(r.status, 255) << r.out;
  EXPECT_NE(r.out.find("no image faultline-test-none:1 in dockerd: build the node image with "
                       "`sudo faultline image build`"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(results().value("local_cluster", ""), "") << "no cluster was claimed";
}

}  // namespace
}  // namespace faultline
