// Clock faults in process mode on a real local cluster: a Go program (as etcd
// reads the clock: through the vDSO) and a C program print their clocks on
// every node; faultline-clock moves them through the nemesis and the CLI, and
// `faultline heal` puts them back after the controller is gone. Needs root,
// a C compiler and Debian's golang-go.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness/remote/node_paths.h"
#include "nemeses/clock_faults.h"
#include "nemeses/clock_helper.h"
#include "nemeses/clock_helper_install.h"
#include "tests/support/clock_printers.h"
#include "tests/support/cluster_suite.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using testing::kCClockPrinter;
using testing::kGoClockPrinter;
using testing::kPrintSlackMs;
using testing::now_ns;
constexpr const char* kGoProgram = kGoClockPrinter;
constexpr const char* kCProgram = kCClockPrinter;

class VdsoClockOnCluster : public testing::ClusterSuite<VdsoClockOnCluster> {
 public:
  static constexpr testing::ClusterSpec kCluster{"h3vdso", "10.213.63.0/24", 3};
  static void SetUpTestSuite() {
    ClusterSuite::SetUpTestSuite();
    programs_ = testing::build_clock_printers(FAULTLINE_SOURCE_DIR, "vdso");
  }
  static void TearDownTestSuite() {
    if (!programs_.empty()) fs::remove_all(programs_);
    ClusterSuite::TearDownTestSuite();
  }

 protected:
  void SetUp() override {
    ClusterSuite::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_FALSE(programs_.empty()) << "could not build the clock printers (cc, go)";
    for (int i = 0; i < 3; ++i) {
      for (const char* program : {kGoProgram, kCProgram}) start(node(i), program);
    }
    for (int i = 0; i < 3; ++i) {
      for (const char* program : {kGoProgram, kCProgram}) ASSERT_TRUE(printed(node(i), program));
    }
  }
  void TearDown() override {
    reset_clocks(all(), FAULTLINE_CLOCK_HELPER);
    for (auto& r : remotes_) {
      for (const char* program : {kGoProgram, kCProgram})
        r->run(Command::of({"pkill", "-KILL", "-x", program}));
    }
  }
  void start(Remote& remote, const std::string& program) {
    ASSERT_EQ(testing::start_clock_printer(remote, (programs_ / program).string()), "");
  }
  std::optional<std::pair<int64_t, int64_t>> printed(Remote& remote, const std::string& program) {
    return testing::printed_clocks(remote, program);
  }
  // How far ahead of the controller's wall clock the program's is, in ms.
  double wall_offset_ms(Remote& remote, const std::string& program) {
    std::optional<double> offset = testing::printer_offset_ms(remote, program);
    EXPECT_TRUE(offset) << remote.node() << " " << program << " printed nothing";
    return offset.value_or(1e18);
  }
  ClockContext context_for(const std::string& program, bool monotonic = false) {
    ClockContext context;
    context.process = {program, "", true};
    context.monotonic = monotonic;
    context.helper = FAULTLINE_CLOCK_HELPER;  // beside faultline, not beside this test
    for (const NodeSpec& n : nodes_->nodes)
      context.modes[n.name] = clock_mode_for(n, context.process);
    return context;
  }

  static fs::path programs_;
};
fs::path VdsoClockOnCluster::programs_;

TEST_F(VdsoClockOnCluster, ABumpMovesTheTargetedProcessOnTheTargetedNodeOnly) {
  ClockContext go = context_for(kGoProgram);
  EXPECT_EQ(go.modes["n1"], ClockMode::kProcess);
  FaultOutcome bumped = bump_clocks({&node(0)}, 5000, go);
  ASSERT_TRUE(bumped.ok()) << bumped.errors[0];
  EXPECT_EQ(bumped.fault.value["mode"]["n1"], "process");
  EXPECT_NEAR(bumped.fault.value["seen_offset_ms"]["n1"].get<double>(), 5000, 1);
  EXPECT_NEAR(wall_offset_ms(node(0), kGoProgram), 5000, kPrintSlackMs);
  EXPECT_NEAR(wall_offset_ms(node(0), kCProgram), 0, kPrintSlackMs) << "another program";
  EXPECT_NEAR(wall_offset_ms(node(1), kGoProgram), 0, kPrintSlackMs) << "another node";

  ClockContext c = context_for(kCProgram);
  ASSERT_TRUE(bump_clocks({&node(1)}, -3000, c).ok());
  EXPECT_NEAR(wall_offset_ms(node(1), kCProgram), -3000, kPrintSlackMs);
  ASSERT_TRUE(bump_clocks({&node(1)}, -3000, c).ok());  // adds up
  EXPECT_NEAR(wall_offset_ms(node(1), kCProgram), -6000, kPrintSlackMs);

  auto reset = reset_clocks(all(), FAULTLINE_CLOCK_HELPER);
  ASSERT_TRUE(all_succeeded(reset)) << describe_failures(reset, reset_clock_command("helper"));
  EXPECT_NEAR(wall_offset_ms(node(0), kGoProgram), 0, kPrintSlackMs);
  EXPECT_NEAR(wall_offset_ms(node(1), kCProgram), 0, kPrintSlackMs);
  RemoteResult<CommandResult> ledger = node(0).run(Command::of({"cat", clock_ledger_file()}));
  EXPECT_TRUE(ledger.ok() && ledger->out.empty()) << "the reset emptied the ledger";
}

TEST_F(VdsoClockOnCluster, AMonotonicBumpMovesGosMonotonicClock) {
  auto before = printed(node(2), kGoProgram);
  ASSERT_TRUE(before);
  const int64_t asked = now_ns(CLOCK_MONOTONIC);
  ASSERT_TRUE(bump_clocks({&node(2)}, 4000, context_for(kGoProgram, true)).ok());
  auto after = printed(node(2), kGoProgram);
  ASSERT_TRUE(after);
  const double elapsed_ms = (now_ns(CLOCK_MONOTONIC) - asked) / 1e6;
  const double program_elapsed_ms = (after->second - before->second) / 1e6;
  // Its own elapsed time grew by the bump on top of the real time (and the
  // time between the first reading and `asked`, at most a print interval or two).
  EXPECT_GT(program_elapsed_ms, 4000 + elapsed_ms - kPrintSlackMs);
  EXPECT_LT(program_elapsed_ms, 4000 + elapsed_ms + kPrintSlackMs);
}

TEST_F(VdsoClockOnCluster, StrobeFlipsAndDriftRunsFastInsideTheProcess) {
  StrobeTiming timing{std::chrono::milliseconds(400), std::chrono::seconds(30)};
  ASSERT_TRUE(strobe_clocks({&node(0)}, 20'000, timing, context_for(kCProgram)).ok());
  std::set<int> seen_s;
  for (int i = 0; i < 12; ++i)
    seen_s.insert(static_cast<int>(std::lround(wall_offset_ms(node(0), kCProgram) / 1000)));
  EXPECT_TRUE(seen_s.count(20) && seen_s.count(0)) << "flips between 0 and +20 s";
  ASSERT_TRUE(all_succeeded(reset_clocks({&node(0)}, FAULTLINE_CLOCK_HELPER)));
  EXPECT_NEAR(wall_offset_ms(node(0), kCProgram), 0, kPrintSlackMs);

  FaultOutcome drift = drift_clocks({&node(0)}, 500'000, context_for(kGoProgram));  // +50%
  ASSERT_TRUE(drift.ok()) << drift.errors[0];
  const double first = wall_offset_ms(node(0), kGoProgram);
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const double second = wall_offset_ms(node(0), kGoProgram);
  EXPECT_GT(second - first, 500 - kPrintSlackMs) << first << " then " << second;
}

TEST_F(VdsoClockOnCluster, TheCliMovesAProcessAndHealPutsItBackWithoutTheController) {
  testing::BinaryRun bumped = testing::run_faultline(
      FAULTLINE_BINARY, "nemesis clock bump --ms 4000 --target n2 --process " +
                            std::string(kCProgram) + " --nodes-file " + nodes_->path + " 2>&1");
  ASSERT_EQ(bumped.status, 0) << bumped.out;
  EXPECT_NE(bumped.out.find("(process, verified: seen inside pid"), std::string::npos)
      << bumped.out;
  EXPECT_NEAR(wall_offset_ms(node(1), kCProgram), 4000, kPrintSlackMs);
  // That controller is gone; a new one heals from the node's own record.
  testing::BinaryRun healed =
      testing::run_faultline(FAULTLINE_BINARY, "heal --nodes-file " + nodes_->path + " 2>&1");
  ASSERT_EQ(healed.status, 0) << healed.out;
  EXPECT_NEAR(wall_offset_ms(node(1), kCProgram), 0, kPrintSlackMs);
}

// A node that does not share the controller's files (a real machine, a
// container) gets its own copy of faultline-clock on the first fault there.
// Each namespace node has a private state directory, so a copy made there
// (over SSH) is one the other nodes cannot see.
TEST_F(VdsoClockOnCluster, ANodeWithoutOurFilesGetsItsOwnCopyOfTheHelperAndHealUsesIt) {
  std::vector<NodeSpec> as_real_machines = nodes_->nodes;
  for (NodeSpec& n : as_real_machines) n.netns.clear();
  ClockContext context;
  context.process = {kCProgram, "", true};
  context.helper = FAULTLINE_CLOCK_HELPER;
  choose_clock_modes(context, as_real_machines, "process");
  ASSERT_EQ(context.copy_helper_to.size(), 3u);
  const Command stat_copy = Command::of({"stat", "-c", "%i %Y", node_clock_helper_path()});
  ASSERT_FALSE(node(0).run(stat_copy)->ok()) << "no copy before the first fault";

  FaultOutcome bumped = bump_clocks({&node(0)}, 3000, context);
  ASSERT_TRUE(bumped.ok()) << bumped.errors[0];
  EXPECT_NEAR(bumped.fault.value["seen_offset_ms"]["n1"].get<double>(), 3000, 1);
  EXPECT_NEAR(wall_offset_ms(node(0), kCProgram), 3000, kPrintSlackMs);
  RemoteResult<CommandResult> copy = node(0).run(stat_copy);
  ASSERT_TRUE(copy.ok() && copy->ok()) << "n1 has its copy";
  EXPECT_FALSE(node(1).run(stat_copy)->ok()) << "n2 was not touched";
  RemoteResult<CommandResult> sum =
      node(0).run(Command::of({"cat", node_clock_helper_path() + ".sum"}));
  EXPECT_EQ(sum->out, context.helper_digest + "\n");

  ASSERT_TRUE(bump_clocks({&node(0)}, 1000, context).ok());
  EXPECT_EQ(node(0).run(stat_copy)->out, copy->out) << "the same version is not copied again";
  EXPECT_NEAR(wall_offset_ms(node(0), kCProgram), 4000, kPrintSlackMs);

  // A heal from a controller whose own helper is gone undoes it with the copy.
  testing::BinaryRun healed = testing::run_faultline(
      "env FAULTLINE_CLOCK_HELPER=/nonexistent/faultline-clock " + std::string(FAULTLINE_BINARY),
      "heal --nodes-file " + nodes_->path);
  ASSERT_EQ(healed.status, 0) << healed.out;
  EXPECT_NEAR(wall_offset_ms(node(0), kCProgram), 0, kPrintSlackMs);
  node(0).run(
      Command::of({"rm", "-f", node_clock_helper_path(), node_clock_helper_path() + ".sum"}));
}

TEST_F(VdsoClockOnCluster, AProcessThatIsNotThereIsAnErrorOfTheFault) {
  FaultOutcome outcome = bump_clocks({&node(0)}, 1000, context_for("fl-vdso-none"));
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("n1: fl-vdso-none is not running"), std::string::npos)
      << outcome.errors[0];
  EXPECT_TRUE(outcome.fault.nodes.empty());
}

}  // namespace
}  // namespace faultline
