// Container clusters for real: dockerd and the node image (DockerTest),
// containers on a Docker network of the cluster's own, reached by SSH. Needs
// root; skips without dockerd, fails in CI (CI=true) instead.
#include "harness/docker/docker_cluster.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iterator>
#include <sstream>
#include <thread>

#include "harness/cluster/local_process.h"
#include "harness/docker/image_check.h"
#include "harness/docker/node_image.h"
#include "tests/support/docker_test.h"
#include "tests/support/logged_child.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr char kSubnet[] = "10.213.52.0/24";
constexpr char kSubnetPrefix[] = "10.213.52.";

CommandResult sh(const std::string& script) { return run_local(Command::shell(script)); }

class DockerClusterTest : public DockerTest {
 protected:
  void SetUp() override {
    DockerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    dir_ = fs::temp_directory_path() / ("faultline-docker-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    options_.cluster.name = "h1k" + std::to_string(::getpid() % 10000);
    options_.cluster.subnet = kSubnet;
    options_.cluster.nodes_file = (dir_ / "nodes.yaml").string();
    state_dir_ = std::string(kDefaultClusterStateRoot) + "/" + options_.cluster.name;
  }

  void TearDown() override {
    if (dir_.empty()) return;
    docker_cluster_down(state_dir_);  // whatever a failed test left
    fs::remove_all(dir_);
  }

  ClusterOutcome up(int nodes) {
    options_.cluster.nodes = nodes;
    ClusterOutcome outcome = docker_cluster_up(options_);
    EXPECT_TRUE(outcome.ok()) << outcome.error;
    return outcome;
  }

  // Whatever of the cluster dockerd or the machine still has; empty when nothing.
  std::string leftovers() {
    const std::string name = options_.cluster.name;
    std::string left = docker_leftovers(name);
    if (sh("ip -o link show | grep -q -- ' flbr-" + name + ":'").ok()) left += "bridge\n";
    if (sh(std::string("ip -4 addr | grep -q ") + kSubnetPrefix).ok()) left += "address\n";
    if (fs::exists(state_dir_)) left += "state dir " + state_dir_ + "\n";
    return left;
  }

  // A command on a node over SSH, the way every faultline path reaches it.
  CommandResult on_node(const NodeSpec& node, const std::string& script) {
    Command command =
        Command::of({"ssh", "-i", node.key_file, "-o", "UserKnownHostsFile=" + node.known_hosts,
                     "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o",
                     "ConnectTimeout=5", "-l", node.user, node.host, script});
    command.timeout = milliseconds(20'000);
    return run_local(command);
  }

  fs::path dir_;
  DockerClusterOptions options_;
  std::string state_dir_;
};

TEST_F(DockerClusterTest, ThreeNodesHaveTheirOwnNamesAndFilesystemsAndReachEachOther) {
  ClusterOutcome outcome = up(3);
  ASSERT_TRUE(outcome.ok());
  std::cout << "docker cluster up, 3 nodes: " << outcome.seconds << " s\n";
  Parsed<NodesFile> nodes = read_nodes_file(options_.cluster.nodes_file);
  ASSERT_TRUE(nodes) << nodes.error().to_string();
  ASSERT_EQ(nodes->nodes.size(), 3u);
  EXPECT_EQ(nodes->local_cluster, state_dir_);
  for (const NodeSpec& node : nodes->nodes) {
    EXPECT_EQ(node.netns, "");
    CommandResult hostname = on_node(node, "hostname");
    EXPECT_TRUE(hostname.ok()) << node.name << ": " << hostname.tail();
    EXPECT_EQ(hostname.out, node.name + "\n");
    // No way off the machine: no default route.
    EXPECT_EQ(on_node(node, "ip route show default").out, "") << node.name;
  }
  // Each node's root filesystem is its own: a file made in n1's /etc is not on n2 or here.
  const std::string marker = "/etc/faultline-test-" + std::to_string(::getpid());
  ASSERT_TRUE(on_node(nodes->nodes[0], "touch " + marker).ok());
  EXPECT_TRUE(on_node(nodes->nodes[0], "test -e " + marker).ok());
  EXPECT_FALSE(on_node(nodes->nodes[1], "test -e " + marker).ok());
  EXPECT_FALSE(fs::exists(marker));
  // Node to node over the cluster's network.
  CommandResult tcp = on_node(
      nodes->nodes[0], "timeout 2 bash -c 'exec 3<>/dev/tcp/" + nodes->nodes[2].host + "/22'");
  EXPECT_TRUE(tcp.ok()) << tcp.tail();

  ClusterStatus status = cluster_status(options_.cluster.nodes_file);
  ASSERT_EQ(status.error, "");
  for (const ClusterNodeStatus& node : status.nodes) EXPECT_TRUE(node.healthy()) << node.name;

  ClusterOutcome down = any_cluster_down_nodes_file(options_.cluster.nodes_file);
  EXPECT_TRUE(down.ok()) << down.error;
  EXPECT_EQ(leftovers(), "");
  ClusterOutcome again = docker_cluster_down(state_dir_);
  EXPECT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(leftovers(), "");
}

TEST_F(DockerClusterTest, FiveNodesComeUpAndGoDown) {
  ClusterOutcome outcome = up(5);
  ASSERT_TRUE(outcome.ok());
  ClusterStatus status = cluster_status(options_.cluster.nodes_file);
  ASSERT_EQ(status.nodes.size(), 5u);
  for (const ClusterNodeStatus& node : status.nodes) EXPECT_TRUE(node.healthy()) << node.name;
  ClusterOutcome down = any_cluster_down(state_dir_);
  EXPECT_TRUE(down.ok()) << down.error;
  std::cout << "docker cluster up, 5 nodes: " << outcome.seconds << " s; down: " << down.seconds
            << " s\n";
  EXPECT_EQ(leftovers(), "");
}

// The line of `cluster status`'s table for `node`; empty when there is none.
std::string status_line(const std::string& table, const std::string& node) {
  const size_t at = table.find("\n" + node + " ");
  return at == std::string::npos ? "" : table.substr(at + 1, table.find('\n', at + 1) - at - 1);
}

TEST_F(DockerClusterTest, StatusShowsEachContainersStateAndFailsWhenOneIsNotRunning) {
  ASSERT_TRUE(up(2).ok());
  const Command status = Command::of(
      {FAULTLINE_BINARY, "cluster", "status", "--nodes-file", options_.cluster.nodes_file});
  const std::string n1 = "fl-" + options_.cluster.name + "-n1";
  const std::string n2 = "fl-" + options_.cluster.name + "-n2";
  auto expect_columns = [](const std::string& line, std::vector<std::string> columns) {
    std::istringstream words(line);
    std::vector<std::string> seen{std::istream_iterator<std::string>(words), {}};
    EXPECT_EQ(seen, columns) << line;
  };
  CommandResult fine = run_local(status);
  EXPECT_EQ(fine.exit_status, 0) << fine.out << fine.err;
  expect_columns(fine.out.substr(0, fine.out.find('\n')),
                 {"node", "address", "container", "state", "ssh", "port"});
  expect_columns(status_line(fine.out, "n1"),
                 {"n1", std::string(kSubnetPrefix) + "11:22", n1, "running", "reachable"});
  expect_columns(status_line(fine.out, "n2"),
                 {"n2", std::string(kSubnetPrefix) + "12:22", n2, "running", "reachable"});

  ASSERT_EQ(docker_out({"stop", "--time", "1", n2}), n2);
  CommandResult stopped = run_local(status);
  EXPECT_EQ(stopped.exit_status, 1) << stopped.out << stopped.err;
  expect_columns(status_line(stopped.out, "n1"),
                 {"n1", std::string(kSubnetPrefix) + "11:22", n1, "running", "reachable"});
  expect_columns(status_line(stopped.out, "n2"),
                 {"n2", std::string(kSubnetPrefix) + "12:22", n2, "exited", "UNREACHABLE"});

  ASSERT_EQ(docker_out({"rm", n2}), n2);
  CommandResult removed = run_local(status);
  EXPECT_EQ(removed.exit_status, 1) << removed.out << removed.err;
  expect_columns(status_line(removed.out, "n2"),
                 {"n2", std::string(kSubnetPrefix) + "12:22", n2, "missing", "UNREACHABLE"});
  EXPECT_EQ(removed.err, "");

  ClusterOutcome down = any_cluster_down_nodes_file(options_.cluster.nodes_file);
  EXPECT_TRUE(down.ok()) << down.error;
  EXPECT_EQ(leftovers(), "");
}

TEST_F(DockerClusterTest, AFailedUpRemovesTheContainersAndNetworkItMade) {
  // n2's container name is taken (by a container of no cluster): `docker run` fails for n2
  // after the network and n1 exist.
  const std::string squatter = "fl-" + options_.cluster.name + "-n2";
  ASSERT_NE(
      docker_out({"create", "--name", squatter, node_image(), "true"}).rfind("docker failed", 0),
      0u);
  options_.cluster.nodes = 2;
  ClusterOutcome outcome = docker_cluster_up(options_);
  EXPECT_FALSE(outcome.ok());
  EXPECT_NE(outcome.error.find(squatter), std::string::npos) << outcome.error;
  EXPECT_EQ(leftovers(), "");
  EXPECT_FALSE(fs::exists(options_.cluster.nodes_file));
  docker_out({"rm", "--force", squatter});
}

TEST_F(DockerClusterTest, DownAfterAKilledControllerAndALostStateFileRemovesEverything) {
  const fs::path log = dir_ / "up.log";
  pid_t pid = start_logged(
      {FAULTLINE_BINARY, "cluster", "up", "--backend", "docker", "--nodes", "3", "--nodes-file",
       options_.cluster.nodes_file, "--name", options_.cluster.name, "--subnet", kSubnet},
      log);
  // Killed as soon as dockerd has a container of it: `up` is half-way.
  const std::string filter = std::string("label=") + kClusterLabel + "=" + options_.cluster.name;
  std::string error = wait_until_serving(
      &pid, "faultline cluster up",
      [&] {
        return !docker_out({"ps", "--all", "--quiet", "--filter", filter}).empty();
      },
      std::chrono::seconds(60));
  ASSERT_EQ(error, "") << log_tail(log);
  stop_logged(pid);
  ASSERT_NE(leftovers(), "");
  fs::remove(state_dir_ + "/state.json");
  CommandResult down = run_local(
      Command::of({FAULTLINE_BINARY, "cluster", "down", "--name", options_.cluster.name}));
  // Without state.json `down` cannot know the backend: it must still find the containers.
  EXPECT_TRUE(down.ok()) << down.out << down.err;
  EXPECT_EQ(leftovers(), "") << down.out;
}

TEST_F(DockerClusterTest, CtrlCWhileUpRemovesWhatWasMade) {
  const fs::path log = dir_ / "up.log";
  pid_t pid = start_logged(
      {FAULTLINE_BINARY, "cluster", "up", "--backend", "docker", "--nodes", "3", "--nodes-file",
       options_.cluster.nodes_file, "--name", options_.cluster.name, "--subnet", kSubnet},
      log);
  ASSERT_EQ(wait_until_serving(
                &pid, "faultline cluster up",
                [&] { return fs::exists(state_dir_ + "/state.json"); }, std::chrono::seconds(60)),
            "")
      << log_tail(log);
  ::kill(pid, SIGINT);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 130) << log_tail(log);
  EXPECT_EQ(leftovers(), "") << log_tail(log);
  EXPECT_FALSE(fs::exists(options_.cluster.nodes_file));
}

TEST_F(DockerClusterTest, AnImageWithoutIptablesIsRefusedAndDoctorSaysWhatItLacks) {
  const std::string base = node_image();
  const std::string lacking = "faultline-test-lacking:" + std::to_string(::getpid());
  const std::string box = "faultline-test-lacking-" + std::to_string(::getpid());
  ASSERT_EQ(docker_out({"run", "--name", box, "--entrypoint", "/bin/sh", base, "-c",
                        "rm -f /usr/sbin/iptables /usr/sbin/xtables-nft-multi"}),
            "");
  docker_out({"commit", box, lacking});
  docker_out({"rm", box});

  const ImageCheck check = check_node_image(DockerCli(), lacking);
  ASSERT_EQ(check.error, "");
  ASSERT_EQ(check.missing.size(), 1u);
  EXPECT_EQ(check.missing[0].program, "iptables");
  CommandResult doctor = run_local(Command::of({FAULTLINE_BINARY, "doctor", "--image", lacking}));
  EXPECT_EQ(doctor.exit_status, 1) << doctor.out << doctor.err;
  EXPECT_NE(doctor.out.find("FAIL  iptables"), std::string::npos) << doctor.out;
  EXPECT_NE(doctor.out.find("install iptables"), std::string::npos) << doctor.out;

  options_.image = lacking;
  options_.cluster.nodes = 1;
  ClusterOutcome outcome = docker_cluster_up(options_);
  EXPECT_NE(outcome.error.find("lacks iptables"), std::string::npos) << outcome.error;
  EXPECT_EQ(leftovers(), "");
  docker_out({"rmi", lacking});
}

}  // namespace
}  // namespace faultline
