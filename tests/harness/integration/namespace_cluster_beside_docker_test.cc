// The namespace cluster on a machine where dockerd runs (a real one: started by
// the test when none is running): br_netfilter is loaded and the FORWARD
// policy is DROP, yet the nodes reach each other, and `down` takes the rule
// that made that possible away again. And a namespace cluster and a container
// cluster up at the same moment, side by side: each reaches its own nodes, a
// partition in one does not cut the other, and both go without a trace.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "harness/cluster/local_cluster.h"
#include "harness/cluster/local_process.h"
#include "harness/docker/docker_cluster.h"
#include "tests/support/docker_test.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

constexpr char kSubnet[] = "10.213.46.0/24";
constexpr char kBesideNamespaceSubnet[] = "10.213.47.0/24";
constexpr char kBesideContainerSubnet[] = "10.213.48.0/24";

CommandResult sh(const std::string& script) { return run_local(Command::shell(script)); }

std::string forward_rule(const std::string& cluster) {
  const std::string bridge = "flbr-" + cluster;
  return "-A FORWARD -i " + bridge + " -o " + bridge + " -j ACCEPT";
}

bool bridge_exists(const std::string& cluster) {
  return sh("ip -o link show | grep -q -- ' flbr-" + cluster + ":'").ok();
}

// True when a TCP connection from namespace node `from` to `to`'s sshd succeeds.
bool namespace_tcp(const NodeSpec& from, const NodeSpec& to) {
  return run_local(Command::of({"ip", "netns", "exec", from.netns, "timeout", "2", "bash", "-c",
                                "exec 3<>/dev/tcp/" + to.host + "/22"}))
      .ok();
}

// The same from a node of any cluster, through `faultline exec` (SSH).
bool tcp_over_ssh(const std::string& nodes_file, const std::string& from, const NodeSpec& to) {
  return run_local(Command::of({FAULTLINE_BINARY, "exec", "--nodes-file", nodes_file, "--nodes",
                                from, "--", "timeout", "2", "bash", "-c",
                                "exec 3<>/dev/tcp/" + to.host + "/22"}))
      .ok();
}

CommandResult faultline(std::vector<std::string> args) {
  args.insert(args.begin(), FAULTLINE_BINARY);
  return run_local(Command::of(args));
}

fs::path test_dir(const std::string& what) {
  const fs::path dir =
      fs::temp_directory_path() / ("faultline-" + what + "-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

TEST(NamespaceClusterBesideDocker, NodesReachEachOtherAndDownRemovesTheForwardRule) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  FAULTLINE_REQUIRE_DOCKER(docker_for_tests().daemon);
  ASSERT_NE(sh("iptables -w -S FORWARD").out.find("-P FORWARD DROP"), std::string::npos)
      << "dockerd runs, so the FORWARD policy should be DROP";

  const fs::path dir = test_dir("beside-docker");
  ClusterUpOptions options;
  options.name = "h1d" + std::to_string(::getpid() % 10000);
  options.subnet = kSubnet;
  options.nodes = 2;
  options.nodes_file = (dir / "nodes.yaml").string();

  ClusterOutcome up = cluster_up(options);
  ASSERT_TRUE(up.ok()) << up.error;
  EXPECT_NE(sh("iptables -w -S FORWARD").out.find(forward_rule(options.name)), std::string::npos);
  EXPECT_TRUE(namespace_tcp(up.nodes.nodes[0], up.nodes.nodes[1]));

  ClusterOutcome down = cluster_down_nodes_file(options.nodes_file);
  EXPECT_TRUE(down.ok()) << down.error;
  EXPECT_EQ(sh("iptables -w -S FORWARD").out.find(forward_rule(options.name)), std::string::npos);
  EXPECT_FALSE(bridge_exists(options.name));
  fs::remove_all(dir);
}

TEST(NamespaceClusterBesideDocker, AContainerClusterUpAtTheSameMomentIsNeitherCutNorLeftBehind) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  FAULTLINE_REQUIRE_DOCKER(docker_for_tests().daemon);
  ASSERT_EQ(docker_for_tests().image_error, "") << "the node image " << docker_for_tests().image;

  const fs::path dir = test_dir("side-by-side");
  const std::string suffix = std::to_string(::getpid() % 10000);
  ClusterUpOptions namespaces;
  namespaces.name = "h1s" + suffix;
  namespaces.subnet = kBesideNamespaceSubnet;
  namespaces.nodes = 2;
  namespaces.nodes_file = (dir / "namespaces.yaml").string();
  DockerClusterOptions containers;
  containers.cluster.name = "h1c" + suffix;
  containers.cluster.subnet = kBesideContainerSubnet;
  containers.cluster.nodes = 2;
  containers.cluster.nodes_file = (dir / "containers.yaml").string();

  ClusterOutcome namespaces_up, containers_up;
  {
    std::jthread namespace_thread([&] { namespaces_up = cluster_up(namespaces); });
    std::jthread container_thread([&] { containers_up = docker_cluster_up(containers); });
  }
  EXPECT_TRUE(namespaces_up.ok()) << namespaces_up.error;
  EXPECT_TRUE(containers_up.ok()) << containers_up.error;
  if (namespaces_up.ok() && containers_up.ok()) {
    const std::vector<NodeSpec>& ns = namespaces_up.nodes.nodes;
    const std::vector<NodeSpec>& ct = containers_up.nodes.nodes;
    const std::string& ct_file = containers.cluster.nodes_file;
    EXPECT_TRUE(namespace_tcp(ns[0], ns[1]));
    EXPECT_TRUE(tcp_over_ssh(ct_file, "n1", ct[1]));
    EXPECT_FALSE(namespace_tcp(ns[0], ct[1])) << "the clusters are apart";

    const std::vector<std::string> isolate_n2 = {"--shape", "isolate", "--target", "n2"};
    std::vector<std::string> cut = {"nemesis", "partition", "--nodes-file", ct_file};
    cut.insert(cut.end(), isolate_n2.begin(), isolate_n2.end());
    CommandResult container_cut = faultline(cut);
    EXPECT_TRUE(container_cut.ok()) << container_cut.out << container_cut.err;
    EXPECT_FALSE(tcp_over_ssh(ct_file, "n1", ct[1])) << "the container cluster is cut";
    EXPECT_TRUE(namespace_tcp(ns[0], ns[1])) << "the namespace cluster is not";
    EXPECT_TRUE(faultline({"heal", "--nodes-file", ct_file}).ok());
    EXPECT_TRUE(tcp_over_ssh(ct_file, "n1", ct[1]));

    cut[3] = namespaces.nodes_file;
    CommandResult namespace_cut = faultline(cut);
    EXPECT_TRUE(namespace_cut.ok()) << namespace_cut.out << namespace_cut.err;
    EXPECT_FALSE(namespace_tcp(ns[0], ns[1])) << "the namespace cluster is cut";
    EXPECT_TRUE(tcp_over_ssh(ct_file, "n1", ct[1])) << "the container cluster is not";
    EXPECT_TRUE(faultline({"heal", "--nodes-file", namespaces.nodes_file}).ok());
    EXPECT_TRUE(namespace_tcp(ns[0], ns[1]));
  }

  ClusterOutcome namespaces_down, containers_down;
  {
    std::jthread namespace_thread([&] {
      namespaces_down = cluster_down(std::string(kDefaultClusterStateRoot) + "/" + namespaces.name);
    });
    std::jthread container_thread([&] {
      containers_down = docker_cluster_down(std::string(kDefaultClusterStateRoot) + "/" +
                                            containers.cluster.name);
    });
  }
  EXPECT_TRUE(namespaces_down.ok()) << namespaces_down.error;
  EXPECT_TRUE(containers_down.ok()) << containers_down.error;
  const std::string forward = sh("iptables -w -S FORWARD").out;
  for (const std::string& name : {namespaces.name, containers.cluster.name}) {
    EXPECT_EQ(forward.find(forward_rule(name)), std::string::npos) << name << ": " << forward;
    EXPECT_FALSE(bridge_exists(name)) << name;
    EXPECT_FALSE(fs::exists(std::string(kDefaultClusterStateRoot) + "/" + name)) << name;
  }
  EXPECT_EQ(docker_leftovers(containers.cluster.name), "");
  EXPECT_EQ(sh("ip netns list | grep -c " + namespaces.name).out, "0\n");
  EXPECT_EQ(sh("ip -4 addr | grep -c -e 10.213.47. -e 10.213.48.").out, "0\n");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace faultline
