// The namespace cluster on a machine where dockerd runs (a real one: started by
// the test when none is running): br_netfilter is loaded and the FORWARD
// policy is DROP, yet the nodes reach each other, and `down` takes the rule
// that made that possible away again.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "harness/cluster/local_cluster.h"
#include "harness/cluster/local_process.h"
#include "tests/support/docker_test.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

constexpr char kSubnet[] = "10.213.46.0/24";

CommandResult sh(const std::string& script) { return run_local(Command::shell(script)); }

TEST(NamespaceClusterBesideDocker, NodesReachEachOtherAndDownRemovesTheForwardRule) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  FAULTLINE_REQUIRE_DOCKER(docker_for_tests().daemon);
  ASSERT_NE(sh("iptables -w -S FORWARD").out.find("-P FORWARD DROP"), std::string::npos)
      << "dockerd runs, so the FORWARD policy should be DROP";

  const fs::path dir =
      fs::temp_directory_path() / ("faultline-beside-docker-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  ClusterUpOptions options;
  options.name = "h1d" + std::to_string(::getpid() % 10000);
  options.subnet = kSubnet;
  options.nodes = 2;
  options.nodes_file = (dir / "nodes.yaml").string();
  const std::string bridge = "flbr-" + options.name;
  const std::string rule = "-A FORWARD -i " + bridge + " -o " + bridge + " -j ACCEPT";

  ClusterOutcome up = cluster_up(options);
  ASSERT_TRUE(up.ok()) << up.error;
  EXPECT_NE(sh("iptables -w -S FORWARD").out.find(rule), std::string::npos);
  CommandResult n1_to_n2 =
      run_local(Command::of({"ip", "netns", "exec", up.nodes.nodes[0].netns, "timeout", "2", "bash",
                             "-c", "exec 3<>/dev/tcp/" + up.nodes.nodes[1].host + "/22"}));
  EXPECT_TRUE(n1_to_n2.ok()) << n1_to_n2.tail();

  ClusterOutcome down = cluster_down_nodes_file(options.nodes_file);
  EXPECT_TRUE(down.ok()) << down.error;
  EXPECT_EQ(sh("iptables -w -S FORWARD").out.find(rule), std::string::npos);
  EXPECT_EQ(sh("ip -o link show | grep -- " + bridge).out, "");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace faultline
