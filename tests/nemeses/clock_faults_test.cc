// The clock nemesis against fake remotes: the commands it builds, libfaketime's
// offset text, and how a change is verified. Real clocks:
// integration/process_clock_test.cc.
#include "nemeses/clock_faults.h"

#include <gtest/gtest.h>

#include "harness/remote/node_paths.h"
#include "nemeses/clock_helper.h"
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
  EXPECT_NE(reset_clock_command("faultline-clock").argv[2].find("systemctl start"),
            std::string::npos);
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
  ClockContext context{{{"n1", ClockMode::kFaketime}, {"n2", ClockMode::kSystem}}, {}};
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
  ClockContext context{{{"n1", ClockMode::kFaketime}, {"n2", ClockMode::kFaketime}}, {}};
  FaultOutcome outcome = bump_clocks(pointers(nodes), 5000, context);
  EXPECT_EQ(outcome.fault.nodes, (std::vector<std::string>{"n2"}));
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("n1: the clock did not move as asked"), std::string::npos);
  EXPECT_NE(outcome.errors[0].find("libfaketime installed"), std::string::npos);
  EXPECT_FALSE(outcome.fault.value["offset_ms"].contains("n1"));
}

TEST(ClockFaults, EtcdOnFaketimeNodesIsANoteNotAFault) {
  std::vector<ClockedRemote> nodes{ClockedRemote("n1"), ClockedRemote("n2")};
  ClockContext context{{{"n1", ClockMode::kFaketime}, {"n2", ClockMode::kSystem}},
                       {"etcd", "", false}};
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
      strobe_clocks(pointers(nodes), 800, timing, {{{"n1", ClockMode::kFaketime}}, {}});
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
  const ProcessSpec etcd{"etcd", "", true}, by_pid_file{"", "/var/lib/db.pid", true}, none{};
  EXPECT_EQ(clock_mode_for(local, etcd), ClockMode::kProcess);
  EXPECT_EQ(clock_mode_for(local, by_pid_file), ClockMode::kProcess);
  EXPECT_EQ(clock_mode_for(local, none), ClockMode::kFaketime);
  EXPECT_EQ(clock_mode_for(real, etcd), ClockMode::kSystem);
  // A container shares this machine's kernel clock: never `date -s` there.
  NodeSpec container{"n1", "10.0.0.1", 22, "", "", "", "", "fl-x-n1"};
  EXPECT_EQ(clock_mode_for(container, etcd), ClockMode::kProcess);
  EXPECT_EQ(clock_mode_for(container, none), ClockMode::kFaketime);
}

// Process mode: a node whose process clock command (one round trip: find
// the pids, move them, verify inside) prints `reply`.
struct ProcessNode {
  FakeRemote remote;
  ProcessNode(const std::string& node, const std::string& reply, int status = 0) : remote(node) {
    remote.on("faultline-clock-process", FakeRemote::exits(status, reply));
  }
  // The command's arguments after `sh -c SCRIPT NAME STATE_DIR HELPER DIGEST`.
  std::vector<std::string> args() const {
    const std::vector<std::string>& argv = remote.commands().back().argv;
    return {argv.begin() + 7, argv.end()};
  }
};

ClockContext process_context(const std::string& node) {
  ClockContext context;
  context.modes[node] = ClockMode::kProcess;
  context.process = {"etcd", "", true};
  context.helper = "/opt/faultline/faultline-clock";
  return context;
}

std::string answer(int pid, bool ok, double seen, const std::string& error = "") {
  nlohmann::json j = {{"pid", pid}, {"ok", ok}, {"seen_offset_ms", {{"realtime", seen}}}};
  if (!error.empty()) j["error"] = error;
  return j.dump() + "\n";
}

TEST(ClockFaultsProcessMode, ABumpMovesEveryDatabaseProcessAndRecordsWhatWasSeenInside) {
  ProcessNode n1("n1",
                 "offsets 1000 4000\n" + answer(4243, true, 4000.4) + answer(4242, true, 3999.8));
  FaultOutcome outcome = bump_clocks({&n1.remote}, 3000, process_context("n1"));
  ASSERT_TRUE(outcome.ok()) << outcome.errors[0];
  EXPECT_EQ(outcome.fault.nodes, (std::vector<std::string>{"n1"}));
  EXPECT_EQ(outcome.fault.value["mode"]["n1"], "process");
  EXPECT_EQ(outcome.fault.value["previous_offset_ms"]["n1"], 1000);
  EXPECT_EQ(outcome.fault.value["offset_ms"]["n1"], 4000);
  EXPECT_EQ(outcome.fault.value["seen_offset_ms"]["n1"], 4000.4);
  EXPECT_EQ(outcome.fault.value["pids"]["n1"], nlohmann::json({4242, 4243}));
  EXPECT_EQ(n1.remote.commands().size(), 1u) << "one round trip";
  const std::vector<std::string>& argv = n1.remote.commands().back().argv;
  EXPECT_EQ(argv[4], kNodeStateDir);
  EXPECT_EQ(argv[5], "/opt/faultline/faultline-clock");
  EXPECT_EQ(n1.args(), (std::vector<std::string>{"+3000", "--process", "etcd", "--own-netns",
                                                 "--ledger", clock_ledger_file()}));
  EXPECT_TRUE(n1.remote.commands().back().sudo);
}

TEST(ClockFaultsProcessMode, AProcessTheHelperCouldNotMoveIsAnErrorAndNothingIsRecorded) {
  ProcessNode n1("n1",
                 "offsets 0 500\n" + answer(4242, true, 500) +
                     answer(4243, false, 0, "cannot trace process 4243: Operation not permitted"),
                 1);
  FaultOutcome outcome = bump_clocks({&n1.remote}, 500, process_context("n1"));
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("n1: pid 4243: cannot trace"), std::string::npos)
      << outcome.errors[0];
  EXPECT_NE(outcome.errors[0].find("faultline nemesis clock reset"), std::string::npos);
  EXPECT_TRUE(outcome.fault.nodes.empty());
}

TEST(ClockFaultsProcessMode, NoRunningDatabaseNoHelperOrNoAnswerIsAnError) {
  ProcessNode stopped("n1", "offsets 0 500\n", kNotRunningStatus);
  FaultOutcome outcome = bump_clocks({&stopped.remote}, 500, process_context("n1"));
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("n1: etcd is not running: its clock was not moved"),
            std::string::npos)
      << outcome.errors[0];

  ProcessNode missing("n1", "offsets 0 500\n", 127);
  outcome = bump_clocks({&missing.remote}, 500, process_context("n1"));
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("/opt/faultline/faultline-clock is not there"),
            std::string::npos)
      << outcome.errors[0];

  ProcessNode silent("n1", "offsets 0 500\n");  // exit 0 but no answer: nothing verified
  outcome = bump_clocks({&silent.remote}, 500, process_context("n1"));
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_TRUE(outcome.fault.nodes.empty());

  ClockContext nameless = process_context("n1");
  nameless.process = {};
  ProcessNode n1("n1", "");
  outcome = bump_clocks({&n1.remote}, 500, nameless);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("names no process"), std::string::npos);
  EXPECT_TRUE(n1.remote.commands().empty());
}

TEST(ClockFaultsProcessMode, ASetADriftAndAStrobeAskTheNodeForThemAndOtherModesRefuseADrift) {
  ProcessNode n1("n1", "offsets 0 0\n" + answer(4242, true, 0));
  ASSERT_TRUE(set_clocks({&n1.remote}, {{"n1", -700}}, process_context("n1")).ok());
  EXPECT_EQ(n1.args()[0], "=-700");
  ASSERT_TRUE(drift_clocks({&n1.remote}, 500, process_context("n1")).ok());
  std::vector<std::string> drift = n1.args();
  EXPECT_EQ(drift,
            (std::vector<std::string>{"keep", "--process", "etcd", "--own-netns", "--drift-ppm",
                                      "500", "--ledger", clock_ledger_file()}));
  ClockContext monotonic = process_context("n1");
  monotonic.monotonic = true;
  StrobeTiming timing{std::chrono::milliseconds(200), std::chrono::seconds(3)};
  FaultOutcome strobe = strobe_clocks({&n1.remote}, 800, timing, monotonic);
  ASSERT_TRUE(strobe.ok()) << strobe.errors[0];
  EXPECT_EQ(strobe.fault.value["offset_ms"]["n1"], 800) << "it starts at the strobe offset";
  std::vector<std::string> strobe_args = n1.args();
  EXPECT_EQ(strobe_args,
            (std::vector<std::string>{"keep", "--process", "etcd", "--own-netns", "--strobe-ms",
                                      "800", "--period-ms", "200", "--duration-ms", "3000",
                                      "--ledger", clock_ledger_file(), "--monotonic"}));
  ClockContext by_pid_file = process_context("n1");
  by_pid_file.process = {"", "/var/lib/db/db.pid", true};
  ASSERT_TRUE(bump_clocks({&n1.remote}, 5, by_pid_file).ok());
  const std::vector<std::string> pid_file_args = n1.args();
  EXPECT_EQ(std::vector<std::string>(pid_file_args.begin(), pid_file_args.begin() + 3),
            (std::vector<std::string>{"+5", "--pid-file", "/var/lib/db/db.pid"}));

  FakeRemote faketime("n2");
  ClockContext context{{{"n2", ClockMode::kFaketime}}, {}};
  FaultOutcome refused = drift_clocks({&faketime}, 500, context);
  ASSERT_EQ(refused.errors.size(), 1u);
  EXPECT_NE(refused.errors[0].find("needs the process clock mode"), std::string::npos);
  EXPECT_TRUE(faketime.commands().empty());
}

TEST(ClockFaultsProcessMode, ARestartedDatabaseGetsTheOffsetAgainOnlyWhereOneIsInForce) {
  FakeRemote quiet("n1");  // the reapply script prints nothing: no fault in force
  FaultOutcome none = reapply_process_clocks({&quiet}, process_context("n1"));
  EXPECT_TRUE(none.ok());
  EXPECT_TRUE(none.fault.nodes.empty());
  ASSERT_EQ(quiet.commands().size(), 1u);
  EXPECT_EQ(quiet.commands()[0].argv[3], "faultline-clock-reapply");

  FakeRemote moved("n1");
  moved.on("faultline-clock-reapply",
           FakeRemote::exits(0, "offsets -2000 -2000\n" + answer(5151, true, -2000)));
  FaultOutcome again = reapply_process_clocks({&moved}, process_context("n1"));
  ASSERT_TRUE(again.ok()) << again.errors[0];
  EXPECT_EQ(again.fault.value["seen_offset_ms"]["n1"], -2000);
  EXPECT_EQ(again.fault.value["pids"]["n1"], nlohmann::json({5151}));

  FakeRemote faketime("n2");  // not a process-mode node: nothing to do there
  ClockContext other{{{"n2", ClockMode::kFaketime}}, {}};
  EXPECT_TRUE(reapply_process_clocks({&faketime}, other).fault.nodes.empty());
  EXPECT_TRUE(faketime.commands().empty());
}

TEST(ClockHelper, ReplyLinesAreOffsetsThenAnswersAndAnythingElseIsABadAnswer) {
  ProcessClockReply reply = parse_process_clock_reply("offsets -5 95\n" + answer(7, true, 95.2) +
                                                      "garbage\n" + answer(8, false, 0, "gone"));
  ASSERT_TRUE(reply.has_offsets);
  EXPECT_EQ(reply.previous_ms, -5);
  EXPECT_EQ(reply.offset_ms, 95);
  ASSERT_EQ(reply.answers.size(), 3u);
  EXPECT_TRUE(reply.answers[0].ok);
  EXPECT_EQ(reply.answers[0].seen_ms, 95.2);
  EXPECT_FALSE(reply.answers[1].ok);
  EXPECT_NE(reply.answers[1].error.find("'garbage'"), std::string::npos);
  EXPECT_EQ(reply.answers[2].error, "gone");
  EXPECT_FALSE(parse_process_clock_reply("offsets x y\n").has_offsets);
}

}  // namespace
}  // namespace faultline
