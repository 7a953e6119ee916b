// Local clusters for real: network namespaces, a bridge, one sshd per node.
// Needs root (skipped otherwise). Every cluster here lives on a private /24
// that nothing else on the machine uses, and is taken down by the test.
#include "harness/cluster/local_cluster.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "harness/cluster/local_process.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

// ---------------------------------------------------------------- the plan (no root needed)

TEST(ClusterPlan, NamesAndAddressesFollowTheScheme) {
  ClusterUpOptions options;
  options.name = "ci";
  options.nodes = 3;
  options.subnet = "10.213.7.0/24";
  ClusterPlan plan;
  ASSERT_EQ(plan_cluster(options, &plan), "");
  EXPECT_EQ(plan.bridge, "flbr-ci");
  EXPECT_EQ(plan.controller_address, "10.213.7.1");
  EXPECT_EQ(plan.prefix_length, 24);
  EXPECT_EQ(plan.state_dir, "/run/faultline/clusters/ci");
  ASSERT_EQ(plan.nodes.size(), 3u);
  EXPECT_EQ(plan.nodes[0].name, "n1");
  EXPECT_EQ(plan.nodes[0].netns, "fl-ci-n1");
  EXPECT_EQ(plan.nodes[0].veth, "flv-ci-1");
  EXPECT_EQ(plan.nodes[0].address, "10.213.7.11");
  EXPECT_EQ(plan.nodes[2].address, "10.213.7.13");
  EXPECT_EQ(plan.nodes[2].pid_file, "/run/faultline/clusters/ci/nodes/n3/sshd.pid");
}

TEST(ClusterPlan, LongestNamesFitDeviceNames) {
  ClusterUpOptions options;
  options.name = "abcdefgh";
  options.nodes = 99;
  options.subnet = "10.213.0.0/16";
  ClusterPlan plan;
  ASSERT_EQ(plan_cluster(options, &plan), "");
  EXPECT_LE(plan.bridge.size(), 15u);
  EXPECT_LE(plan.nodes.back().veth.size(), 15u);
}

std::string plan_error(const std::string& name, int nodes, const std::string& subnet) {
  ClusterUpOptions options;
  options.name = name;
  options.nodes = nodes;
  options.subnet = subnet;
  ClusterPlan plan;
  return plan_cluster(options, &plan);
}

TEST(ClusterPlan, RejectsWhatCannotWork) {
  EXPECT_NE(plan_error("toolongname", 3, "10.1.2.0/24").find("1 to 8"), std::string::npos);
  EXPECT_NE(plan_error("Caps", 3, "10.1.2.0/24").find("lowercase"), std::string::npos);
  EXPECT_NE(plan_error("ok", 0, "10.1.2.0/24").find("1 to 99 nodes"), std::string::npos);
  EXPECT_NE(plan_error("ok", 3, "10.1.2/24").find("not an IPv4 network"), std::string::npos);
  EXPECT_NE(plan_error("ok", 3, "10.1.2.0").find("not an IPv4 network"), std::string::npos);
  EXPECT_EQ(plan_error("ok", 3, "10.1.2.5/24"),
            "subnet '10.1.2.5/24' has host bits set; did you mean 10.1.2.0/24?");
  EXPECT_NE(plan_error("ok", 3, "8.8.8.0/24").find("not private"), std::string::npos);
  EXPECT_NE(plan_error("ok", 10, "10.1.2.0/28").find("too small"), std::string::npos);
  EXPECT_EQ(plan_error("ok", 4, "10.1.2.0/28"), "");  // .11 to .14, broadcast .15
}

// ---------------------------------------------------------------- real clusters

CommandResult sh(const std::string& script) { return run_local(Command::shell(script)); }

bool have_root_and_tools() {
  return ::geteuid() == 0 && sh("ip netns list").ok() && fs::exists("/usr/sbin/sshd") &&
         sh("command -v ssh-keygen && command -v ssh").ok();
}

// The subnets of this suite; nothing else on the machine may use them.
constexpr char kSubnet[] = "10.213.42.0/24";
constexpr char kUnusedSubnet[] = "10.213.44.0/24";  // only offered, never made

class LocalClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_root_and_tools()) GTEST_SKIP() << "needs root, iproute2 and openssh";
    dir_ = fs::temp_directory_path() / ("faultline-cluster-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    options_.name = "h1c" + std::to_string(::getpid() % 10000);
    options_.subnet = kSubnet;
    options_.nodes_file = (dir_ / "nodes.yaml").string();
    state_dir_ = std::string(kDefaultClusterStateRoot) + "/" + options_.name;
  }

  void TearDown() override {
    if (dir_.empty()) return;
    cluster_down(state_dir_);  // whatever a failed test left
    fs::remove_all(dir_);
  }

  ClusterOutcome up(int nodes) {
    options_.nodes = nodes;
    ClusterOutcome outcome = cluster_up(options_);
    EXPECT_TRUE(outcome.ok()) << outcome.error;
    return outcome;
  }

  // Whatever of the cluster the machine still has, one thing per line; empty when nothing.
  std::string leftovers() {
    std::string left;
    const std::string name = options_.name;
    for (const std::string& line : lines(sh("ip netns list").out)) {
      if (line.rfind("fl-" + name + "-", 0) == 0) left += "namespace " + line + "\n";
    }
    for (const std::string& line : lines(sh("ip -o link show").out)) {
      if (line.find(" flv-" + name + "-") != std::string::npos ||
          line.find(" flbr-" + name + ":") != std::string::npos) {
        left += "link " + line.substr(0, 60) + "\n";
      }
    }
    // pgrep lists live processes only (a zombie has no command line to match).
    for (const std::string& line :
         lines(run_local(Command::of({"pgrep", "-a", "-f", state_dir_})).out)) {
      left += "process " + line + "\n";
    }
    if (fs::exists(state_dir_)) left += "state dir " + state_dir_ + "\n";
    if (sh("iptables -w -S FORWARD 2>/dev/null | grep -q -- '-i flbr-" + name + " '").ok()) {
      left += "iptables FORWARD rule\n";
    }
    return left;
  }

  static std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) out.push_back(line);
    }
    return out;
  }

  // `hostname` on the node over SSH, checking its host key against known_hosts.
  CommandResult ssh_hostname(const NodeSpec& node) {
    Command command =
        Command::of({"ssh", "-i", node.key_file, "-o", "UserKnownHostsFile=" + node.known_hosts,
                     "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o",
                     "ConnectTimeout=5", "-l", node.user, node.host, "hostname"});
    command.timeout = milliseconds(15'000);
    return run_local(command);
  }

  fs::path dir_;
  ClusterUpOptions options_;
  std::string state_dir_;
};

TEST_F(LocalClusterTest, ThreeNodesAnswerSshWithTheirOwnNamesAndReachEachOther) {
  ClusterOutcome outcome = up(3);
  ASSERT_TRUE(outcome.ok());
  std::cout << "cluster up, 3 nodes: " << outcome.seconds << " s\n";

  Parsed<NodesFile> nodes = read_nodes_file(options_.nodes_file);
  ASSERT_TRUE(nodes) << nodes.error().to_string();
  ASSERT_EQ(nodes->nodes.size(), 3u);
  EXPECT_EQ(nodes->local_cluster, state_dir_);
  const std::string bridge = "flbr-" + options_.name;
  for (const NodeSpec& node : nodes->nodes) {
    EXPECT_TRUE(tcp_reachable(node.host, node.port, milliseconds(1000), bridge)) << node.name;
    CommandResult hostname = ssh_hostname(node);
    EXPECT_TRUE(hostname.ok()) << node.name << ": " << hostname.tail();
    EXPECT_EQ(hostname.out, node.name + "\n");
  }
  // Node to node, inside the namespaces, over the bridge.
  const std::string n2 = nodes->nodes[1].host;
  CommandResult tcp = run_local(Command::of({"ip", "netns", "exec", nodes->nodes[0].netns, "bash",
                                             "-c", "exec 3<>/dev/tcp/" + n2 + "/22"}));
  EXPECT_TRUE(tcp.ok()) << tcp.tail();

  ClusterStatus status = cluster_status(options_.nodes_file);
  ASSERT_EQ(status.error, "");
  ASSERT_EQ(status.nodes.size(), 3u);
  for (const ClusterNodeStatus& node : status.nodes) {
    EXPECT_TRUE(node.healthy()) << node.name;
    EXPECT_TRUE(node.netns_exists && node.sshd_alive && node.reachable) << node.name;
  }

  ClusterOutcome down = cluster_down_nodes_file(options_.nodes_file);
  EXPECT_TRUE(down.ok()) << down.error;
  EXPECT_EQ(leftovers(), "");
  ClusterOutcome again = cluster_down_nodes_file(options_.nodes_file);
  EXPECT_TRUE(again.ok()) << again.error;
  EXPECT_EQ(leftovers(), "");

  // A stale nodes file: nothing is reachable, and no probe leaves through another route.
  status = cluster_status(options_.nodes_file);
  for (const ClusterNodeStatus& node : status.nodes) {
    EXPECT_FALSE(node.netns_exists || node.sshd_alive || node.reachable) << node.name;
  }
}

TEST_F(LocalClusterTest, DownCleansUpAfterAnSshdWasKilledAndANamespaceDeletedByHand) {
  ASSERT_TRUE(up(3).ok());
  Parsed<NodesFile> nodes = read_nodes_file(options_.nodes_file);
  ASSERT_TRUE(nodes);
  std::ifstream pid_file(state_dir_ + "/nodes/n2/sshd.pid");
  pid_t n2_sshd = 0;
  ASSERT_TRUE(pid_file >> n2_sshd);
  ASSERT_EQ(::kill(n2_sshd, SIGKILL), 0);
  // n3's sshd keeps its (now nameless) namespace alive; only state.json still knows it.
  ASSERT_TRUE(run_local(Command::of({"ip", "netns", "del", nodes->nodes[2].netns})).ok());

  ClusterStatus status = cluster_status(options_.nodes_file);
  ASSERT_EQ(status.nodes.size(), 3u);
  EXPECT_TRUE(status.nodes[0].healthy());
  EXPECT_FALSE(status.nodes[2].healthy());

  ClusterOutcome down = cluster_down_nodes_file(options_.nodes_file);
  EXPECT_TRUE(down.ok()) << down.error;
  EXPECT_EQ(leftovers(), "");
}

TEST_F(LocalClusterTest, DownWithoutStateFileStillFindsTheCluster) {
  ASSERT_TRUE(up(2).ok());
  fs::remove(state_dir_ + "/state.json");
  ClusterOutcome down = cluster_down(state_dir_);
  EXPECT_TRUE(down.ok()) << down.error;
  EXPECT_EQ(leftovers(), "");
}

TEST_F(LocalClusterTest, AFailedUpRemovesWhatItMade) {
  options_.nodes = 2;
  options_.sshd = "/bin/false";  // fails after the namespaces and bridge exist
  ClusterOutcome outcome = cluster_up(options_);
  EXPECT_FALSE(outcome.ok());
  EXPECT_NE(outcome.error.find("/bin/false"), std::string::npos) << outcome.error;
  EXPECT_EQ(leftovers(), "");
  EXPECT_FALSE(fs::exists(options_.nodes_file));
}

TEST_F(LocalClusterTest, RefusesASubnetOrNameInUse) {
  ASSERT_TRUE(up(1).ok());
  ClusterUpOptions same_name = options_;
  same_name.subnet = kUnusedSubnet;
  ClusterOutcome outcome = cluster_up(same_name);
  EXPECT_NE(outcome.error.find("already exists"), std::string::npos) << outcome.error;
  EXPECT_TRUE(outcome.name_taken) << "a run takes the next name instead";

  ClusterUpOptions same_subnet = options_;
  same_subnet.name = options_.name + "b";
  outcome = cluster_up(same_subnet);
  EXPECT_NE(outcome.error.find("already in use"), std::string::npos) << outcome.error;
  EXPECT_FALSE(outcome.name_taken);
  EXPECT_FALSE(fs::exists(std::string(kDefaultClusterStateRoot) + "/" + same_subnet.name));

  ClusterStatus status = cluster_status(options_.nodes_file);  // the first one is untouched
  ASSERT_EQ(status.nodes.size(), 1u);
  EXPECT_TRUE(status.nodes[0].healthy());
}

TEST_F(LocalClusterTest, NeedsRoot) {
  EXPECT_EXIT(
      {
        if (::setresgid(65534, 65534, 65534) != 0 || ::setresuid(65534, 65534, 65534) != 0) {
          std::exit(2);
        }
        ClusterOutcome outcome = cluster_up(options_);
        std::cerr << outcome.error;
        std::exit(outcome.ok() ? 0 : 1);
      },
      ::testing::ExitedWithCode(1), "needs root .* run it with sudo");
}

TEST_F(LocalClusterTest, FiveNodesComeUpAndGoDownQuickly) {
  ClusterOutcome outcome = up(5);
  ASSERT_TRUE(outcome.ok());
  ClusterStatus status = cluster_status(options_.nodes_file);
  for (const ClusterNodeStatus& node : status.nodes) EXPECT_TRUE(node.healthy()) << node.name;
  ClusterOutcome down = cluster_down(state_dir_);
  EXPECT_TRUE(down.ok()) << down.error;
  std::cout << "cluster up, 5 nodes: " << outcome.seconds << " s; down: " << down.seconds << " s\n";
  EXPECT_LT(outcome.seconds, 10.0);
  EXPECT_EQ(leftovers(), "");
}

// A network namespace of the test's own, deleted when it goes.
class ScratchNetns {
 public:
  explicit ScratchNetns(std::string name) : name_(std::move(name)) {
    ok_ = run_local(Command::of({"ip", "netns", "add", name_})).ok();
  }
  ScratchNetns(const ScratchNetns&) = delete;
  ScratchNetns& operator=(const ScratchNetns&) = delete;
  ~ScratchNetns() {
    if (ok_) run_local(Command::of({"ip", "netns", "del", name_}));
  }
  bool ok() const { return ok_; }
  // Runs `script` inside the namespace.
  CommandResult sh(const std::string& script) const {
    return run_local(Command::of({"ip", "netns", "exec", name_, "sh", "-c", script}));
  }

 private:
  std::string name_;
  bool ok_ = false;
};

// Docker sets the FORWARD policy to DROP and loads br_netfilter: bridged traffic between
// nodes then dies unless the cluster allows its bridge. Tried in a scratch namespace that
// plays the controller's, so the machine's own FORWARD chain is left alone.
TEST_F(LocalClusterTest, CliAllowsTheBridgeWhenForwardingDropsAndRemovesTheRuleAgain) {
  ScratchNetns controller("h1sb-" + std::to_string(::getpid()));
  ASSERT_TRUE(controller.ok());
  ASSERT_TRUE(controller.sh("ip link set lo up && iptables -w -P FORWARD DROP").ok());
  const bool bridge_filtered =
      controller.sh("sysctl -qw net.bridge.bridge-nf-call-iptables=1").ok();
  const std::string faultline = FAULTLINE_BINARY;
  const std::string nodes_file = options_.nodes_file;
  const std::string bridge = "flbr-" + options_.name;
  const std::string rule = "-A FORWARD -i " + bridge + " -o " + bridge + " -j ACCEPT";

  CommandResult up = controller.sh(faultline + " cluster up --nodes 2 --nodes-file " + nodes_file +
                                   " --name " + options_.name + " --subnet " + options_.subnet);
  ASSERT_TRUE(up.ok()) << up.out << up.err;
  EXPECT_NE(up.out.find("added an ACCEPT rule for " + bridge), std::string::npos) << up.out;
  EXPECT_NE(controller.sh("iptables -w -S FORWARD").out.find(rule), std::string::npos);

  Parsed<NodesFile> nodes = read_nodes_file(nodes_file);
  ASSERT_TRUE(nodes) << nodes.error().to_string();
  // `ip netns exec SANDBOX` gives each command its own mount namespace, in which the
  // nodes' namespace mounts made by `up` are not visible: enter n1 through its sshd instead.
  std::ifstream pid_file(state_dir_ + "/nodes/n1/sshd.pid");
  std::string n1_sshd;
  ASSERT_TRUE(pid_file >> n1_sshd);
  const std::string n1_to_n2 = "nsenter -t " + n1_sshd +
                               " -n timeout 1 bash -c 'exec 3<>/dev/tcp/" + nodes->nodes[1].host +
                               "/22'";
  CommandResult allowed = sh(n1_to_n2);
  EXPECT_TRUE(allowed.ok()) << allowed.tail();
  if (bridge_filtered) {  // the rule is what lets it through
    ASSERT_TRUE(
        controller.sh("iptables -w -D FORWARD -i " + bridge + " -o " + bridge + " -j ACCEPT").ok());
    EXPECT_FALSE(sh(n1_to_n2).ok());
    ASSERT_TRUE(
        controller.sh("iptables -w -I FORWARD -i " + bridge + " -o " + bridge + " -j ACCEPT").ok());
  }
  CommandResult status = controller.sh(faultline + " cluster status --nodes-file " + nodes_file);
  EXPECT_TRUE(status.ok()) << status.out << status.err;
  EXPECT_NE(status.out.find("reachable"), std::string::npos) << status.out;

  CommandResult down = controller.sh(faultline + " cluster down --nodes-file " + nodes_file);
  EXPECT_TRUE(down.ok()) << down.out << down.err;
  EXPECT_EQ(controller.sh("iptables -w -S FORWARD").out, "-P FORWARD DROP\n");
  EXPECT_EQ(controller.sh("ip -o link show | grep fl").out, "");
  EXPECT_EQ(leftovers(), "");
}

// dockerd may start while a cluster is up: it sets the FORWARD policy to DROP then, and the
// nodes must still reach each other. Played in a scratch controller namespace as above.
TEST_F(LocalClusterTest, NodesStillReachEachOtherWhenForwardingTurnsToDropWhileUp) {
  ScratchNetns controller("h1sc-" + std::to_string(::getpid()));
  ASSERT_TRUE(controller.ok());
  ASSERT_TRUE(controller.sh("ip link set lo up && iptables -w -P FORWARD ACCEPT").ok());
  if (!controller.sh("sysctl -qw net.bridge.bridge-nf-call-iptables=1").ok()) {
    GTEST_SKIP() << "br_netfilter is not loaded: bridged traffic never passes FORWARD here";
  }
  const std::string faultline = FAULTLINE_BINARY;
  CommandResult up =
      controller.sh(faultline + " cluster up --nodes 2 --nodes-file " + options_.nodes_file +
                    " --name " + options_.name + " --subnet " + options_.subnet);
  ASSERT_TRUE(up.ok()) << up.out << up.err;
  ASSERT_TRUE(controller.sh("iptables -w -P FORWARD DROP").ok());  // what dockerd does

  Parsed<NodesFile> nodes = read_nodes_file(options_.nodes_file);
  ASSERT_TRUE(nodes) << nodes.error().to_string();
  std::ifstream pid_file(state_dir_ + "/nodes/n1/sshd.pid");
  std::string n1_sshd;
  ASSERT_TRUE(pid_file >> n1_sshd);
  CommandResult n1_to_n2 = sh("nsenter -t " + n1_sshd + " -n timeout 1 bash -c 'exec 3<>/dev/tcp/" +
                              nodes->nodes[1].host + "/22'");
  EXPECT_TRUE(n1_to_n2.ok()) << n1_to_n2.tail();

  CommandResult down = controller.sh(faultline + " cluster down --nodes-file " + options_.nodes_file);
  EXPECT_TRUE(down.ok()) << down.out << down.err;
  EXPECT_EQ(controller.sh("iptables -w -S FORWARD").out, "-P FORWARD DROP\n");
  EXPECT_EQ(leftovers(), "");
}

}  // namespace
}  // namespace faultline
