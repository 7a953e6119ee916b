// `faultline nemesis pause|resume|kill|restart|clock ...`: parsing, and the
// commands' bodies against fake remotes (what they print, their exit codes).
#include <gtest/gtest.h>

#include <sstream>

#include "harness/cli/process_clock_commands.h"
#include "nemeses/process_commands.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;

struct Cluster {
  std::vector<NodeSpec> specs;
  std::vector<FakeRemote> fakes;
  std::vector<Remote*> remotes;
  explicit Cluster(bool local) {
    for (const char* n : {"n1", "n2", "n3"}) {
      specs.push_back({n, n, 22, "", "", "", local ? std::string("faultline-") + n : ""});
      fakes.emplace_back(n);
    }
    for (FakeRemote& f : fakes) remotes.push_back(&f);
  }
};

struct CliRun {
  int status;
  std::string out, err;
};

CliRun run_process(ProcessFaultArgs args, Cluster& c) {
  std::ostringstream out, err;
  args.targets.nodes.nodes_file = "nodes.yaml";
  int status = run_process_fault(args, c.specs, c.remotes, out, err);
  return {status, out.str(), err.str()};
}

CliRun run_clock(ClockFaultArgs args, Cluster& c) {
  std::ostringstream out, err;
  args.targets.nodes.nodes_file = "nodes.yaml";
  int status = run_clock_fault(args, c.specs, c.remotes, out, err);
  return {status, out.str(), err.str()};
}

ProcessFaultArgs process_args(std::string action, std::string target, std::string process) {
  ProcessFaultArgs a;
  a.action = std::move(action);
  a.targets.target = std::move(target);
  a.targets.seed = 1;
  a.process = std::move(process);
  return a;
}

int parse(std::vector<std::string> words) {
  CLI::App app;
  CLI::App* nemesis = app.add_subcommand("nemesis");
  auto run = add_process_clock_commands(*nemesis);
  std::reverse(words.begin(), words.end());
  try {
    app.parse(words);
  } catch (const CLI::ParseError& e) {
    return 254;
  }
  return 0;
}

TEST(ProcessClockCli, ParsesEveryCommandAndRejectsMissingRequiredOptions) {
  EXPECT_EQ(
      parse({"nemesis", "pause", "--target", "minority", "--process", "etcd", "--nodes-file", "f"}),
      0);
  EXPECT_EQ(parse({"nemesis", "restart", "--pid-file", "/p", "--start-command", "x &", "--faketime",
                   "--nodes-file", "f"}),
            0);
  EXPECT_EQ(parse({"nemesis", "clock", "strobe", "--ms", "200", "--period-ms", "100",
                   "--duration-s", "2", "--nodes-file", "f"}),
            0);
  EXPECT_EQ(parse({"nemesis", "clock", "reset", "--nodes-file", "f"}), 0);
  EXPECT_EQ(parse({"nemesis", "clock", "bump", "--nodes-file", "f"}), 254);  // no --ms
  EXPECT_EQ(parse({"nemesis", "clock", "--nodes-file", "f"}), 254);          // no action
  EXPECT_EQ(parse({"nemesis", "pause", "--start-command", "x", "--nodes-file", "f"}), 254);
}

TEST(ProcessClockCli, PausePrintsPidsPerNodeAndHowToUndo) {
  Cluster c(/*local=*/true);
  for (FakeRemote& f : c.fakes) f.on("faultline-pause", FakeRemote::exits(0, "4242\n"));
  CliRun r = run_process(process_args("pause", "n2,n3", "sleep"), c);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("pause sleep (target n2,n3, seed 1: n2 n3)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  n2: paused pid 4242\n"), std::string::npos);
  EXPECT_NE(r.out.find("undo with: faultline nemesis resume --process sleep --target n2,n3 "
                       "--nodes-file nodes.yaml  (or: faultline heal)"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(c.fakes[0].commands().empty());
  EXPECT_EQ(c.fakes[1].commands().at(0).argv[6], "1") << "local nodes: own namespace only";
}

TEST(ProcessClockCli, ANodeWithoutTheProcessFailsTheCommand) {
  Cluster c(/*local=*/false);
  c.fakes[0].on("faultline-kill",
                FakeRemote::exits(kNotRunningStatus, "", "no process named etcd is running\n"));
  CliRun r = run_process(process_args("kill", "n1", "etcd"), c);
  EXPECT_EQ(r.status, 255);
  EXPECT_EQ(r.err, "n1: no process named etcd is running (nothing to kill)\n");
  EXPECT_EQ(c.fakes[0].commands().at(0).argv[6], "0") << "real machines: every namespace";
}

TEST(ProcessClockCli, UsageErrorsExit254BeforeTouchingANode) {
  Cluster c(false);
  EXPECT_EQ(run_process(process_args("pause", "minorty", "etcd"), c).status, 254);
  EXPECT_NE(run_process(process_args("pause", "minorty", "etcd"), c).err.find("did you mean"),
            std::string::npos);
  EXPECT_EQ(run_process(process_args("pause", "n1", ""), c).status, 254);
  EXPECT_EQ(run_process(process_args("restart", "n1", "etcd"), c).status, 254);
  EXPECT_EQ(run_process(process_args("kill", "n1", "a-very-long-process-name"), c).status, 254);
  ClockFaultArgs clock;
  clock.action = "strobe";
  clock.ms = 100;
  clock.period_ms = 10;
  EXPECT_EQ(run_clock(clock, c).status, 254);
  for (FakeRemote& f : c.fakes) EXPECT_TRUE(f.commands().empty());
}

TEST(ProcessClockCli, ClockResetReachesEveryNodeByDefaultAndSaysWhatItUndid) {
  Cluster c(true);
  c.fakes[1].on("faultline-clock-reset", FakeRemote::exits(0, "5000\n"));
  c.fakes[2].on("faultline-clock-reset", FakeRemote::exits(0, "0\n"));
  ClockFaultArgs clock;
  clock.action = "reset";
  CliRun r = run_clock(clock, c);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("n2: clock restored (undid +5000 ms)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("n3: clock restored (undid +0 ms)"), std::string::npos) << r.out;
  for (FakeRemote& f : c.fakes) EXPECT_EQ(f.commands().size(), 1u);
}

TEST(ProcessClockCli, ClockBumpOnAFaketimeNodeThatDoesNotMoveFails) {
  Cluster c(true);  // fakes answer reads with empty output: no clock to read
  ClockFaultArgs clock;
  clock.action = "bump";
  clock.ms = 5000;
  clock.targets.target = "n1";
  CliRun r = run_clock(clock, c);
  EXPECT_EQ(r.status, 255);
  EXPECT_NE(r.err.find("n1: reading the clock printed"), std::string::npos) << r.err;
  EXPECT_EQ(r.out.find("undo with"), std::string::npos);
}

}  // namespace
}  // namespace faultline
