// Every fault kind on container nodes, through the faultline CLI and verified
// the way it is on namespace nodes (with the same checks: tests/support/):
// partitions and loss by real TCP between the containers, bandwidth by the
// qdisc in the container and a timed transfer, netem by its clear refusal on a
// kernel without sch_netem, pause/kill/restart by the process's state, clocks
// (bump, strobe, drift, scramble) from inside the target process: the clock
// printers, copied into each container (faultline-clock is copied to each node
// on first use). One 3-node container cluster for the suite. Needs root and
// dockerd (skips; fails in CI).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "harness/cluster/local_process.h"
#include "harness/cluster/nodes_file.h"
#include "harness/docker/docker_cluster.h"
#include "harness/remote/ssh_remote.h"
#include "nemeses/clock_helper.h"
#include "nemeses/tc.h"
#include "tests/support/clock_printers.h"
#include "tests/support/docker_test.h"
#include "tests/support/fault_leftovers.h"
#include "tests/support/tcp_transfer.h"

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
  // The clock printers, built here and copied into each container's own
  // /usr/local/bin (by the tests that need them: a Go build takes a while).
  static std::string copy_clock_printers(const NodesFile& nodes) {
    const fs::path built = testing::build_clock_printers(FAULTLINE_SOURCE_DIR, "docker-clock");
    if (built.empty()) return "could not build the clock printers (cc, go)";
    std::string error;
    for (const NodeSpec& node : nodes.nodes) {
      for (const char* printer : {testing::kCClockPrinter, testing::kGoClockPrinter}) {
        const std::string out = docker_out(
            {"cp", (built / printer).string(), node.container + ":/usr/local/bin/" + printer});
        if (!out.empty()) error += node.name + ": " + out + "\n";
      }
    }
    fs::remove_all(built);
    return error;
  }
  static std::string nodes_file() { return (dir_ / "nodes.yaml").string(); }

  void SetUp() override {
    DockerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_EQ(error_, "");
    Parsed<NodesFile> nodes = read_nodes_file(nodes_file());
    ASSERT_TRUE(nodes) << nodes.error().to_string();
    nodes_ = *nodes;
    for (const NodeSpec& n : nodes_.nodes) remotes_.push_back(std::make_unique<SshRemote>(n));
  }
  void TearDown() override {
    if (!error_.empty() || dir_.empty()) return;
    CommandResult heal = faultline({"heal", "--nodes-file", nodes_file()});
    EXPECT_TRUE(heal.ok()) << heal.out << heal.err;
    for (auto& remote : remotes_) {
      for (const char* printer : {testing::kCClockPrinter, testing::kGoClockPrinter})
        remote->run(Command::of({"pkill", "-KILL", "-x", printer}));
    }
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

  Remote& node(int i) { return *remotes_[i - 1]; }  // n1 is node(1)
  const std::string& container(int i) const { return nodes_.nodes[i - 1].container; }
  std::string leftovers(int i) {
    return testing::network_fault_leftovers(testing::in_container(container(i)));
  }
  void start_clock_printers() {
    static const std::string copied = copy_clock_printers(nodes_);  // once per process
    ASSERT_EQ(copied, "");
    const std::vector<const char*> printers = {testing::kCClockPrinter, testing::kGoClockPrinter};
    for (int i = 1; i <= 3; ++i) {
      for (const char* printer : printers)
        ASSERT_EQ(testing::start_clock_printer(node(i), std::string("/usr/local/bin/") + printer),
                  "");
    }
    for (int i = 1; i <= 3; ++i) {
      for (const char* printer : printers)
        ASSERT_TRUE(testing::printed_clocks(node(i), printer)) << "n" << i << " " << printer;
    }
  }
  // The printer's clock on node `i`, ahead of this machine's, in ms.
  double offset_ms(int i, const char* printer) {
    std::optional<double> offset = testing::printer_offset_ms(node(i), printer);
    EXPECT_TRUE(offset) << "n" << i << " " << printer << " printed nothing";
    return offset.value_or(1e18);
  }
  // The "fault: {...}" line a nemesis command printed.
  static nlohmann::json fault_of(const CommandResult& printed) {
    const size_t at = printed.out.find("\nfault: ");
    if (at == std::string::npos) return nullptr;
    const size_t end = printed.out.find('\n', at + 1);
    return nlohmann::json::parse(printed.out.substr(at + 8, end - at - 8), nullptr, false);
  }

  static std::string error_;
  static fs::path dir_;
  NodesFile nodes_;
  std::vector<std::unique_ptr<Remote>> remotes_;  // n1, n2, n3 over SSH, fresh for each test
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

TEST_F(DockerFaults, ABandwidthLimitIsAQdiscInEachContainerThatHoldsTheRateUntilHeal) {
  const int bytes = 3'000'000;
  testing::Transfer unlimited = testing::tcp_transfer(node(1), node(2), address(2), 5201, bytes);
  ASSERT_EQ(unlimited.error, "");
  EXPECT_GT(unlimited.mbit, 30.0);
  CommandResult limit =
      faultline({"nemesis", "bandwidth", "--nodes-file", nodes_file(), "--rate", "8mbit"});
  ASSERT_TRUE(limit.ok()) << limit.out << limit.err;
  for (int i = 1; i <= 3; ++i) {  // in each container's own network namespace
    const CommandResult qdisc =
        testing::in_container(container(i))({"tc", "qdisc", "show", "dev", "eth0"});
    EXPECT_NE(qdisc.out.find(std::string("qdisc htb ") + kShapeHandle + " root"), std::string::npos)
        << "n" << i << ": " << qdisc.out << qdisc.err;
  }
  EXPECT_EQ(run_local(Command::shell(std::string("tc qdisc show | grep -c ") + kShapeHandle)).out,
            "0\n")
      << "nothing on the host";
  testing::Transfer limited = testing::tcp_transfer(node(1), node(2), address(2), 5202, bytes);
  ASSERT_EQ(limited.error, "");
  EXPECT_GE(limited.mbit, 5.0) << "unlimited: " << unlimited.mbit;
  EXPECT_LE(limited.mbit, 9.0) << "unlimited: " << unlimited.mbit;
  ASSERT_TRUE(faultline({"heal", "--nodes-file", nodes_file()}).ok());
  for (int i = 1; i <= 3; ++i) EXPECT_EQ(leftovers(i), "") << "n" << i;
  testing::Transfer healed = testing::tcp_transfer(node(1), node(2), address(2), 5203, bytes);
  ASSERT_EQ(healed.error, "");
  EXPECT_GT(healed.mbit, 30.0);
}

// This machine's kernel has no sch_netem, and a container cannot load a module:
// the delay must fail and say why, not report a fault that is not there.
TEST_F(DockerFaults, DelayFailsWithTheKernelsReasonWhereThereIsNoNetem) {
  CommandResult delay =
      faultline({"nemesis", "delay", "--nodes-file", nodes_file(), "--ms", "100"});
  if (delay.exit_status == 0) {  // a kernel with netem: the delay is real
    CommandResult ping = on("n1", "ping -c 3 -q " + address(2));
    double min = 0;
    const size_t at = ping.out.find(" = ");
    ASSERT_NE(at, std::string::npos) << ping.out;
    std::sscanf(ping.out.c_str() + at + 3, "%lf", &min);
    EXPECT_GT(min, 150.0) << ping.out;  // 100 ms each way
  } else {
    EXPECT_EQ(delay.exit_status, 255) << delay.out << delay.err;
    for (int i = 1; i <= 3; ++i) {
      EXPECT_NE(delay.out.find("note: n" + std::to_string(i) +
                               ": this kernel has no netem (sch_netem): delay 100ms not applied"),
                std::string::npos)
          << delay.out;
    }
    EXPECT_NE(delay.err.find("faultline nemesis delay: no fault applied on any node"),
              std::string::npos)
        << delay.err;
    EXPECT_EQ(delay.out.find("fault: "), std::string::npos) << "no fault recorded: " << delay.out;
  }
  ASSERT_TRUE(faultline({"heal", "--nodes-file", nodes_file()}).ok());
  for (int i = 1; i <= 3; ++i) EXPECT_EQ(leftovers(i), "") << "n" << i;  // nor the probe's
}

TEST_F(DockerFaults, StrobeFlipsAndDriftRunsFastInsideAContainersProcess) {
  ASSERT_NO_FATAL_FAILURE(start_clock_printers());
  CommandResult strobe = faultline({"nemesis", "clock", "strobe", "--nodes-file", nodes_file(),
                                    "--ms", "20000", "--period-ms", "400", "--duration-s", "30",
                                    "--target", "n1", "--process", testing::kCClockPrinter});
  ASSERT_TRUE(strobe.ok()) << strobe.out << strobe.err;
  EXPECT_NE(strobe.out.find("(process, verified"), std::string::npos) << strobe.out;
  std::set<long> seen_s;
  for (int i = 0; i < 12; ++i)
    seen_s.insert(std::lround(offset_ms(1, testing::kCClockPrinter) / 1000));
  EXPECT_TRUE(seen_s.count(20) && seen_s.count(0)) << "flips between 0 and +20 s";
  EXPECT_NEAR(offset_ms(2, testing::kCClockPrinter), 0, testing::kPrintSlackMs) << "another node";
  CommandResult reset = faultline({"nemesis", "clock", "reset", "--nodes-file", nodes_file()});
  ASSERT_TRUE(reset.ok()) << reset.out << reset.err;
  EXPECT_NEAR(offset_ms(1, testing::kCClockPrinter), 0, testing::kPrintSlackMs);

  CommandResult drift =
      faultline({"nemesis", "clock", "drift", "--nodes-file", nodes_file(), "--ppm", "500000",
                 "--target", "n1", "--process", testing::kGoClockPrinter});  // +50%
  ASSERT_TRUE(drift.ok()) << drift.out << drift.err;
  const double first = offset_ms(1, testing::kGoClockPrinter);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const double second = offset_ms(1, testing::kGoClockPrinter);
  EXPECT_GT(second - first, 500 - testing::kPrintSlackMs) << first << " then " << second;
  EXPECT_NEAR(offset_ms(1, testing::kCClockPrinter), 0, testing::kPrintSlackMs)
      << "another process";
}

TEST_F(DockerFaults, ScrambleGivesEachContainersProcessItsOwnOffset) {
  ASSERT_NO_FATAL_FAILURE(start_clock_printers());
  CommandResult scramble =
      faultline({"nemesis", "clock", "scramble", "--nodes-file", nodes_file(), "--ms", "60000",
                 "--seed", "11", "--process", testing::kCClockPrinter});
  ASSERT_TRUE(scramble.ok()) << scramble.out << scramble.err;
  const nlohmann::json fault = fault_of(scramble);
  ASSERT_TRUE(fault.is_object()) << scramble.out;
  std::set<int64_t> offsets;
  for (int i = 1; i <= 3; ++i) {
    const std::string name = "n" + std::to_string(i);
    ASSERT_TRUE(fault["offset_ms"].contains(name)) << scramble.out;
    const int64_t offset = fault["offset_ms"][name].get<int64_t>();
    offsets.insert(offset);
    EXPECT_NEAR(offset_ms(i, testing::kCClockPrinter), offset, testing::kPrintSlackMs) << name;
  }
  EXPECT_GT(offsets.size(), 1u) << "scrambled, not one offset for all";
  ASSERT_TRUE(faultline({"heal", "--nodes-file", nodes_file()}).ok());
  for (int i = 1; i <= 3; ++i)
    EXPECT_NEAR(offset_ms(i, testing::kCClockPrinter), 0, testing::kPrintSlackMs) << "n" << i;
}

}  // namespace
}  // namespace faultline
