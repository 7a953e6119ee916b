// Every fault kind on container nodes, through the faultline CLI and verified
// the way it is on namespace nodes: partitions and loss by real TCP between
// the containers, pause/kill/restart by the process's state, clocks from
// inside the process (faultline-clock, copied to each node on first use). One
// 3-node container cluster for the suite. Needs root and dockerd (skips;
// fails in CI).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "harness/cluster/local_process.h"
#include "harness/docker/docker_cluster.h"
#include "nemeses/clock_helper.h"
#include "tests/support/docker_test.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

constexpr char kName[] = "h1kf";
constexpr char kSubnet[] = "10.213.53.0/24";
constexpr char kProgram[] = "fltarget";  // a copy of sleep, the "database" of these tests

class DockerFaults : public DockerTest {
 protected:
  // One cluster for the suite, on the process's dockerd and node image.
  static void SetUpTestSuite() {
    DockerTest::SetUpTestSuite();
    if (::geteuid() != 0 || !docker_for_tests().daemon.why_not().empty()) return;
    error_ = docker_for_tests().image_error;
    if (!error_.empty()) return;
    dir_ = fs::temp_directory_path() / ("faultline-docker-faults-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    DockerClusterOptions options;
    options.cluster.name = kName;
    options.cluster.subnet = kSubnet;
    options.cluster.nodes = 3;
    options.cluster.nodes_file = nodes_file();
    ClusterOutcome up = docker_cluster_up(options);
    error_ = up.error;
  }
  static void TearDownTestSuite() {
    if (!dir_.empty()) {
      docker_cluster_down(std::string(kDefaultClusterStateRoot) + "/" + kName);
      fs::remove_all(dir_);
    }
  }
  static std::string nodes_file() { return (dir_ / "nodes.yaml").string(); }

  void SetUp() override {
    DockerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_EQ(error_, "");
  }
  void TearDown() override {
    if (!error_.empty() || dir_.empty()) return;
    CommandResult heal = faultline({"heal", "--nodes-file", nodes_file()});
    EXPECT_TRUE(heal.ok()) << heal.out << heal.err;
  }

  static CommandResult faultline(std::vector<std::string> args) {
    args.insert(args.begin(), FAULTLINE_BINARY);
    Command command = Command::of(std::move(args));
    command.env["FAULTLINE_CLOCK_HELPER"] = FAULTLINE_CLOCK_HELPER;
    command.timeout = milliseconds(60'000);
    return run_local(command);
  }
  // A shell script on one node, through `faultline exec` (SSH).
  static CommandResult on(const std::string& node, const std::string& script) {
    return faultline(
        {"exec", "--nodes-file", nodes_file(), "--nodes", node, "--", "sh", "-c", script});
  }
  static bool tcp(const std::string& from, const std::string& to_address) {
    return on(from, "timeout 2 bash -c 'exec 3<>/dev/tcp/" + to_address + "/22'").ok();
  }
  static std::string address(int node) { return "10.213.53." + std::to_string(10 + node); }
  // The test "database": a copy of sleep named kProgram, started detached on `node`.
  static void start_program(const std::string& node) {
    ASSERT_TRUE(on(node, std::string("cp /bin/sleep /usr/local/bin/") + kProgram + " && setsid " +
                             kProgram + " 3600 </dev/null >/dev/null 2>&1 &")
                    .ok());
  }
  static std::string program_state(const std::string& node) {
    CommandResult ps = on(node, std::string("ps -o stat= -C ") + kProgram + " || echo gone");
    std::string out = ps.out;
    const size_t header = out.find('\n');  // `exec` puts the node's name first
    return header == std::string::npos ? out : out.substr(header + 1, 1);
  }

  static std::string error_;
  static fs::path dir_;
};

std::string DockerFaults::error_;
fs::path DockerFaults::dir_;

TEST_F(DockerFaults, PartitionCutsRealTcpBetweenContainersAndHealRestoresIt) {
  ASSERT_TRUE(tcp("n2", address(1)));
  CommandResult cut = faultline({"nemesis", "partition", "--nodes-file", nodes_file(), "--shape",
                                 "isolate", "--target", "n1"});
  ASSERT_TRUE(cut.ok()) << cut.out << cut.err;
  EXPECT_FALSE(tcp("n2", address(1)));
  EXPECT_FALSE(tcp("n1", address(3)));
  EXPECT_TRUE(tcp("n2", address(3)));
  // The rules live in the containers, not on the host.
  EXPECT_EQ(run_local(Command::shell("iptables-save | grep -c faultline")).out, "0\n");
  ASSERT_TRUE(faultline({"heal", "--nodes-file", nodes_file()}).ok());
  EXPECT_TRUE(tcp("n2", address(1)));
  EXPECT_TRUE(tcp("n1", address(3)));
}

TEST_F(DockerFaults, FullLossDropsTrafficBetweenNodesAndHealRestoresIt) {
  CommandResult loss =
      faultline({"nemesis", "loss", "--nodes-file", nodes_file(), "--percent", "100"});
  ASSERT_TRUE(loss.ok()) << loss.out << loss.err;
  EXPECT_FALSE(tcp("n2", address(1)));
  EXPECT_FALSE(tcp("n2", address(3)));
  ASSERT_TRUE(faultline({"heal", "--nodes-file", nodes_file()}).ok());
  EXPECT_TRUE(tcp("n2", address(1)));
  EXPECT_TRUE(tcp("n2", address(3)));
}

TEST_F(DockerFaults, PauseResumeKillAndRestartAProcessInAContainer) {
  start_program("n1");
  start_program("n2");
  ASSERT_EQ(program_state("n1"), "S");
  const std::vector<std::string> n1 = {"--nodes-file", nodes_file(), "--target",
                                       "n1",           "--process",  kProgram};
  auto nemesis = [&](const std::string& action) {
    std::vector<std::string> args = {"nemesis", action};
    args.insert(args.end(), n1.begin(), n1.end());
    return args;
  };
  ASSERT_TRUE(faultline(nemesis("pause")).ok());
  EXPECT_EQ(program_state("n1"), "T");
  EXPECT_EQ(program_state("n2"), "S");  // another container's process of the same name
  ASSERT_TRUE(faultline(nemesis("resume")).ok());
  EXPECT_EQ(program_state("n1"), "S");
  ASSERT_TRUE(faultline(nemesis("kill")).ok());
  EXPECT_EQ(program_state("n1"), "g");  // "gone"
  EXPECT_EQ(program_state("n2"), "S");
  std::vector<std::string> restart = nemesis("restart");
  restart.insert(restart.end(), {"--start-command", std::string("setsid ") + kProgram +
                                                        " 3600 </dev/null "
                                                        ">/dev/null 2>&1 &"});
  CommandResult restarted = faultline(restart);
  EXPECT_TRUE(restarted.ok()) << restarted.out << restarted.err;
  EXPECT_EQ(program_state("n1"), "S");
  on("n1", std::string("pkill -x ") + kProgram);
  on("n2", std::string("pkill -x ") + kProgram);
}

TEST_F(DockerFaults, ClockBumpMovesTheClockInsideAContainersProcessOnly) {
  start_program("n1");
  CommandResult bump = faultline({"nemesis", "clock", "bump", "--nodes-file", nodes_file(), "--ms",
                                  "5000", "--target", "n1", "--process", kProgram});
  EXPECT_TRUE(bump.ok()) << bump.out << bump.err;
  EXPECT_NE(bump.out.find("5000"), std::string::npos) << bump.out;
  // The host's clock (shared by every container) is not touched: no SYS_TIME in a node.
  CommandResult date_s = on("n2", "date -s '+1 hour'");
  EXPECT_FALSE(date_s.ok()) << date_s.out;
  CommandResult reset = faultline({"nemesis", "clock", "reset", "--nodes-file", nodes_file()});
  EXPECT_TRUE(reset.ok()) << reset.out << reset.err;
  on("n1", std::string("pkill -x ") + kProgram);
}

}  // namespace
}  // namespace faultline
