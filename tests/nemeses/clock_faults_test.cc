// The clock nemesis against fake remotes: the commands it builds, libfaketime's
// offset text, and how a change is verified. Real clocks:
// integration/process_clock_test.cc.
#include "nemeses/clock_faults.h"

#include <gtest/gtest.h>

#include "harness/remote/node_paths.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A node with a clock: answers clock reads with the controller's time plus the
// offset it was last set to (unless `stuck`, as without libfaketime), and logs
// every command like FakeRemote.
class ClockedRemote : public FakeRemote {
 public:
  explicit ClockedRemote(std::string node, bool stuck = false)
      : FakeRemote(std::move(node)), stuck_(stuck) {}
  RemoteResult<CommandResult> run(const Command& c) override {
    FakeRemote::run(c);
    const std::string& action = c.argv.at(3);
    if (action == "faultline-clock-set" || action == "faultline-clock-strobe")
      offset_ms_ = std::stoll(c.argv.at(action == "faultline-clock-set" ? 6 : 7));
    if (action != "faultline-clock-read") return exits(0);
    const int64_t seen = stuck_ ? 0 : offset_ms_;
    return exits(0,
                 std::to_string(offset_ms_) + "\n" + std::to_string(now_ns() + seen * 1'000'000));
  }
  int64_t offset_ms_ = 0;

 private:
  bool stuck_;
};

std::vector<Remote*> pointers(std::vector<ClockedRemote>& remotes) {
  std::vector<Remote*> out;
  for (ClockedRemote& r : remotes) out.push_back(&r);
  return out;
}

TEST(ClockCommands, FaketimeOffsetTextIsSignedSecondsWithMilliseconds) {
  EXPECT_EQ(faketime_offset_text(5000), "+5.000");
  EXPECT_EQ(faketime_offset_text(-250), "-0.250");
  EXPECT_EQ(faketime_offset_text(-12345), "-12.345");
  EXPECT_EQ(faketime_offset_text(0), "+0.000");
  EXPECT_EQ(faketime_offset_text(INT64_MIN), "-9223372036854775.808");
}

TEST(ClockCommands, FaketimeWrapAddsTheEnvironmentAndKeepsTheCommand) {
  Command wrapped = faketime_wrap(Command::of({"etcd", "--name", "n1"}));
  EXPECT_EQ(wrapped.argv, (std::vector<std::string>{"etcd", "--name", "n1"}));
  EXPECT_EQ(wrapped.env.at("FAKETIME_TIMESTAMP_FILE"), std::string(kNodeStateDir) + "/faketime");
  EXPECT_EQ(wrapped.env.at("FAKETIME_NO_CACHE"), "1");
  EXPECT_EQ(wrapped.env.at("FAKETIME_DONT_FAKE_MONOTONIC"), "1");
  EXPECT_NE(wrapped.env.at("LD_PRELOAD").find("libfaketime.so.1"), std::string::npos);
  EXPECT_EQ(faketime_file(), std::string(kNodeStateDir) + "/faketime");
}

TEST(ClockCommands, ReadsUnderFaketimeOnlyInFaketimeMode) {
  EXPECT_EQ(read_clock_command(ClockMode::kFaketime).env, faketime_env());
  EXPECT_TRUE(read_clock_command(ClockMode::kSystem).env.empty());
}

TEST(ClockCommands, SetAndStrobePassModeOffsetsAndTextAsArguments) {
  Command set = set_offset_command(ClockMode::kSystem, -1500);
  EXPECT_EQ(std::vector<std::string>(set.argv.begin() + 3, set.argv.end()),
            (std::vector<std::string>{"faultline-clock-set", kNodeStateDir, "system", "-1500",
                                      "-1.500"}));
  EXPECT_TRUE(set.sudo);
  Command strobe = strobe_command(ClockMode::kFaketime, 100, 2100,
                                  {std::chrono::milliseconds(250), std::chrono::seconds(2)});
  EXPECT_EQ(std::vector<std::string>(strobe.argv.begin() + 3, strobe.argv.end()),
            (std::vector<std::string>{"faultline-clock-strobe", kNodeStateDir, "faketime", "100",
                                      "2100", "+0.100", "+2.100", "0.250", "8"}));
  EXPECT_NE(set.argv[2].find("systemctl stop"), std::string::npos);
  EXPECT_NE(reset_clock_command().argv[2].find("systemctl start"), std::string::npos);
}

TEST(ClockCommands, ParseClockReading) {
  ASSERT_TRUE(parse_clock_reading("5000\n1795620018427695978\n"));
  EXPECT_EQ(parse_clock_reading("5000\n1795620018427695978\n")->clock_ns, 1795620018427695978);
  EXPECT_EQ(parse_clock_reading("-20\n1\n")->offset_ms, -20);
  EXPECT_FALSE(parse_clock_reading("ERROR: ld.so\n"));
}

TEST(ClockVerification, AcceptsTheExpectedMoveWithinTheRoundTripsAndNothingElse) {
  const int64_t ms = 1'000'000;
  TimedReading before{{0, 1000 * ms}, 990 * ms, 1010 * ms};     // skew 0, ±10 ms
  TimedReading after{{5000, 7000 * ms}, 1990 * ms, 2010 * ms};  // skew +5000 ms
  EXPECT_FALSE(clock_move_problem(before, after, 5000));
  EXPECT_FALSE(clock_move_problem(before, after, 4940));  // 60 ms off: within 20 + 50
  auto problem = clock_move_problem(before, after, 4900);
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("moved by 5000 ms"), std::string::npos) << *problem;
  EXPECT_TRUE(clock_move_problem(before, after, 0));
}

TEST(ClockVerification, AStandingSkewBetweenNodeAndControllerDoesNotMatter) {
  const int64_t ms = 1'000'000;
  TimedReading before{{0, 3000 * ms}, 999 * ms, 1001 * ms};  // node 2 s ahead already
  TimedReading after{{-100, 3900 * ms}, 1999 * ms, 2001 * ms};
  EXPECT_FALSE(clock_move_problem(before, after, -100));
}

TEST(ClockFaults, BumpAddsToTheRecordedOffsetAndVerifies) {
  std::vector<ClockedRemote> nodes{ClockedRemote("n1"), ClockedRemote("n2")};
  nodes[1].offset_ms_ = 300;
  ClockContext context{{{"n1", ClockMode::kFaketime}, {"n2", ClockMode::kSystem}}, ""};
  FaultOutcome outcome = bump_clocks(pointers(nodes), -2000, context);
  ASSERT_TRUE(outcome.ok()) << outcome.errors[0];
  EXPECT_EQ(outcome.fault.kind, "clock");
  EXPECT_EQ(outcome.fault.nodes, (std::vector<std::string>{"n1", "n2"}));
  EXPECT_EQ(outcome.fault.value["offset_ms"], nlohmann::json({{"n1", -2000}, {"n2", -1700}}));
  EXPECT_EQ(outcome.fault.value["previous_offset_ms"], nlohmann::json({{"n1", 0}, {"n2", 300}}));
  EXPECT_EQ(outcome.fault.value["mode"], nlohmann::json({{"n1", "faketime"}, {"n2", "system"}}));
  EXPECT_EQ(outcome.fault.value["delta_ms"], -2000);
  EXPECT_EQ(nodes[0].commands()[1].argv[5], "faketime");
  EXPECT_EQ(nodes[1].commands()[1].argv[5], "system");
}

TEST(ClockFaults, AClockThatDidNotMoveIsAnErrorAndNotRecorded) {
  std::vector<ClockedRemote> nodes{ClockedRemote("n1", /*stuck=*/true), ClockedRemote("n2")};
  ClockContext context{{{"n1", ClockMode::kFaketime}, {"n2", ClockMode::kFaketime}}, ""};
  FaultOutcome outcome = bump_clocks(pointers(nodes), 5000, context);
  EXPECT_EQ(outcome.fault.nodes, (std::vector<std::string>{"n2"}));
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("n1: the clock did not move as asked"), std::string::npos);
  EXPECT_NE(outcome.errors[0].find("libfaketime installed"), std::string::npos);
  EXPECT_FALSE(outcome.fault.value["offset_ms"].contains("n1"));
}

TEST(ClockFaults, EtcdOnFaketimeNodesIsANoteNotAFault) {
  std::vector<ClockedRemote> nodes{ClockedRemote("n1"), ClockedRemote("n2")};
  ClockContext context{{{"n1", ClockMode::kFaketime}, {"n2", ClockMode::kSystem}}, "etcd"};
  FaultOutcome outcome = bump_clocks(pointers(nodes), 5000, context);
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.fault.nodes, (std::vector<std::string>{"n2"}));
  ASSERT_EQ(outcome.notes.size(), 1u);
  EXPECT_NE(outcome.notes[0].find("n1: etcd is a Go program"), std::string::npos);
  EXPECT_TRUE(nodes[0].commands().empty()) << "nothing may be changed on n1";
}

TEST(ClockFaults, StrobeStartsAtTheFlippedOffsetAndRecordsItsTiming) {
  std::vector<ClockedRemote> nodes{ClockedRemote("n1")};
  StrobeTiming timing{std::chrono::milliseconds(200), std::chrono::seconds(3)};
  FaultOutcome outcome =
      strobe_clocks(pointers(nodes), 800, timing, {{{"n1", ClockMode::kFaketime}}, ""});
  ASSERT_TRUE(outcome.ok()) << outcome.errors[0];
  EXPECT_EQ(outcome.fault.value["offset_ms"]["n1"], 800);
  EXPECT_EQ(outcome.fault.value["period_ms"], 200);
  EXPECT_EQ(outcome.fault.value["duration_ms"], 3000);
  EXPECT_EQ(nodes[0].commands()[1].argv[3], "faultline-clock-strobe");
}

TEST(ClockFaults, ScrambleOffsetsAreSeededAndBounded) {
  std::mt19937_64 a(9), b(9);
  auto offsets = scramble_offsets({"n1", "n2", "n3"}, 1000, a);
  EXPECT_EQ(offsets, scramble_offsets({"n1", "n2", "n3"}, 1000, b));
  ASSERT_EQ(offsets.size(), 3u);
  for (const auto& [node, ms] : offsets) EXPECT_LE(std::llabs(ms), 1000) << node;
}

TEST(ClockFaults, SetClocksTouchesOnlyTheNamedNodes) {
  std::vector<ClockedRemote> nodes{ClockedRemote("n1"), ClockedRemote("n2")};
  FaultOutcome outcome = set_clocks(pointers(nodes), {{"n2", -700}}, {});
  ASSERT_TRUE(outcome.ok()) << outcome.errors[0];
  EXPECT_EQ(outcome.fault.value["offset_ms"], nlohmann::json({{"n2", -700}}));
  EXPECT_TRUE(nodes[0].commands().empty());
}

TEST(ClockFaults, ResetRunsTheResetCommandOnEveryNode) {
  std::vector<ClockedRemote> nodes{ClockedRemote("n1"), ClockedRemote("n2")};
  EXPECT_TRUE(all_succeeded(reset_clocks(pointers(nodes))));
  for (auto& n : nodes) EXPECT_EQ(n.commands().at(0).argv[3], "faultline-clock-reset");
}

TEST(ClockFaults, ModeFollowsTheNodeKind) {
  NodeSpec local{"n1", "10.0.0.1", 22, "", "", "", "faultline-n1"};
  NodeSpec real{"db1", "db1.example", 22, "", "", "", ""};
  EXPECT_EQ(clock_mode_for(local), ClockMode::kFaketime);
  EXPECT_EQ(clock_mode_for(real), ClockMode::kSystem);
}

}  // namespace
}  // namespace faultline
