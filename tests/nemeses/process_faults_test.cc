// The process nemesis against fake remotes: the commands it builds and how it
// reads what nodes answer. Real processes: integration/process_clock_test.cc.
#include "nemeses/process_faults.h"

#include <gtest/gtest.h>

#include "harness/remote/node_paths.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;

const ProcessSpec kEtcd{"etcd", "", false};

std::vector<Remote*> pointers(std::vector<FakeRemote>& remotes) {
  std::vector<Remote*> out;
  for (FakeRemote& r : remotes) out.push_back(&r);
  return out;
}

TEST(ProcessCommands, PassTheProcessAsArgumentsNotAsScriptText) {
  for (const Command& c :
       {pause_command(kEtcd), resume_command(kEtcd), kill_command(kEtcd), find_command(kEtcd)}) {
    ASSERT_EQ(c.argv.size(), 9u);
    EXPECT_EQ(c.argv[0], "sh");
    EXPECT_EQ(c.argv[1], "-c");
    EXPECT_EQ(std::vector<std::string>(c.argv.begin() + 4, c.argv.end()),
              (std::vector<std::string>{"name", "etcd", "0", kNodeStateDir, ""}));
    EXPECT_EQ(c.argv[2].find("etcd"), std::string::npos) << "the name must not be in the script";
    EXPECT_TRUE(c.sudo);
  }
}

TEST(ProcessCommands, PidFileAndNamespaceOnlyAreArguments) {
  Command c = pause_command({"", "/var/lib/faultline/db.pid", true});
  EXPECT_EQ(c.argv[4], "pidfile");
  EXPECT_EQ(c.argv[5], "/var/lib/faultline/db.pid");
  EXPECT_EQ(c.argv[6], "1");
  EXPECT_NE(c.argv[2].find("pgrep -x --ns $$ --nslist net"), std::string::npos);
}

TEST(ProcessCommands, EachActionSendsItsSignalAndPauseRecordsBeforeStopping) {
  const std::string pause = pause_command(kEtcd).argv[2];
  EXPECT_LT(pause.find("/paused.new\" \"$4/paused\""), pause.find("kill -STOP"));
  EXPECT_NE(resume_command(kEtcd).argv[2].find("kill -CONT $pids"), std::string::npos);
  EXPECT_NE(kill_command(kEtcd).argv[2].find("kill -KILL $pids"), std::string::npos);
  EXPECT_NE(resume_command(kEtcd).argv[2].find("forget_pids"), std::string::npos);
  Command resume_paused = resume_paused_command();
  EXPECT_EQ(resume_paused.argv.back(), kNodeStateDir);
  EXPECT_EQ(paused_file(), std::string(kNodeStateDir) + "/paused");
}

TEST(ProcessCommands, AwaitPollsTenTimesASecondForTheWait) {
  Command c = await_command(kEtcd, std::chrono::milliseconds(2500));
  EXPECT_EQ(c.argv.back(), "25");
  EXPECT_GT(c.timeout, std::chrono::milliseconds(2500));
}

TEST(ProcessCommands, ParsePidsSkipsWhatIsNotAPid) {
  EXPECT_EQ(parse_pids("12 345\n6\n"), (std::vector<int>{12, 345, 6}));
  EXPECT_EQ(parse_pids("x 7 -3 12345678901"), (std::vector<int>{7}));
  EXPECT_TRUE(parse_pids("").empty());
}

TEST(ProcessFaults, PauseReportsExactlyWhichPidsOnWhichNodes) {
  std::vector<FakeRemote> nodes{FakeRemote("n1"), FakeRemote("n2"), FakeRemote("n3")};
  nodes[0].on("faultline-pause", FakeRemote::exits(0, "101 102\n"));
  nodes[1].on("faultline-pause",
              FakeRemote::exits(kNotRunningStatus, "", "no process named etcd is running\n"));
  nodes[2].on("faultline-pause",
              RemoteError{"", RemoteErrorKind::kRefused, "connection refused", ""});
  FaultOutcome outcome = pause_processes(pointers(nodes), kEtcd);
  EXPECT_EQ(outcome.fault.kind, "pause");
  EXPECT_EQ(outcome.fault.nodes, (std::vector<std::string>{"n1"}));
  EXPECT_EQ(outcome.fault.value["pids"], nlohmann::json({{"n1", {101, 102}}}));
  EXPECT_EQ(outcome.fault.value["process"], "etcd");
  ASSERT_EQ(outcome.errors.size(), 2u);
  EXPECT_EQ(outcome.errors[0], "n2: no process named etcd is running (nothing to pause)");
  EXPECT_NE(outcome.errors[1].find("n3"), std::string::npos);
  EXPECT_NE(outcome.errors[1].find("connection refused"), std::string::npos);
}

TEST(ProcessFaults, ResumeAndKillRunTheirOwnCommandOnEveryTarget) {
  std::vector<FakeRemote> nodes{FakeRemote("n1"), FakeRemote("n2")};
  for (FakeRemote& n : nodes) n.on("", FakeRemote::exits(0, "7\n"));
  EXPECT_TRUE(resume_processes(pointers(nodes), kEtcd).ok());
  EXPECT_TRUE(kill_processes(pointers(nodes), kEtcd).ok());
  for (FakeRemote& n : nodes) {
    ASSERT_EQ(n.commands().size(), 2u);
    EXPECT_EQ(n.commands()[0].argv[3], "faultline-resume");
    EXPECT_EQ(n.commands()[1].argv[3], "faultline-kill");
  }
}

TEST(ProcessFaults, AFailingSignalIsAnErrorWithItsStatus) {
  std::vector<FakeRemote> nodes{FakeRemote("n1")};
  nodes[0].on("faultline-kill", FakeRemote::exits(1, "", "kill: Operation not permitted\n"));
  FaultOutcome outcome = kill_processes(pointers(nodes), kEtcd);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("n1: kill etcd failed (exit 1)"), std::string::npos);
  EXPECT_NE(outcome.errors[0].find("Operation not permitted"), std::string::npos);
  EXPECT_TRUE(outcome.fault.nodes.empty());
}

TEST(ProcessFaults, RestartStartsOnlyWhereNotRunningThenWaitsForIt) {
  std::vector<FakeRemote> nodes{FakeRemote("n1"), FakeRemote("n2")};
  nodes[0].on("faultline-find", FakeRemote::exits(kNotRunningStatus, "", "no process\n"));
  nodes[0].on("faultline-await", FakeRemote::exits(0, "555\n"));
  nodes[1].on("faultline-find", FakeRemote::exits(0, "444\n"));
  RestartRequest request{kEtcd, Command::shell("start-etcd"), std::chrono::milliseconds(1000)};
  FaultOutcome outcome = restart_processes(pointers(nodes), request);
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.fault.value["pids"], nlohmann::json({{"n1", {555}}}));
  EXPECT_EQ(outcome.fault.nodes, (std::vector<std::string>{"n1"}));
  ASSERT_EQ(outcome.notes.size(), 1u);
  EXPECT_EQ(outcome.notes[0], "n2: etcd already runs (pids 444): not started again");
  ASSERT_EQ(nodes[0].commands().size(), 3u);
  EXPECT_EQ(nodes[0].commands()[1].script, "start-etcd");
  EXPECT_EQ(nodes[1].commands().size(), 1u);
}

TEST(ProcessFaults, RestartRunsEachNodesOwnStartCommandWhenGivenPerNode) {
  std::vector<FakeRemote> nodes{FakeRemote("n1"), FakeRemote("n2")};
  for (FakeRemote& n : nodes) {
    n.on("faultline-find", FakeRemote::exits(kNotRunningStatus));
    n.on("faultline-await", FakeRemote::exits(0, "7\n"));
  }
  RestartRequest request{kEtcd, Command::shell("unused"), std::chrono::milliseconds(1000)};
  request.start_for = [](const std::string& node) { return Command::shell("start-" + node); };
  FaultOutcome outcome = restart_processes(pointers(nodes), request);
  EXPECT_TRUE(outcome.ok());
  ASSERT_EQ(nodes[0].commands().size(), 3u);
  EXPECT_EQ(nodes[0].commands()[1].script, "start-n1");
  ASSERT_EQ(nodes[1].commands().size(), 3u);
  EXPECT_EQ(nodes[1].commands()[1].script, "start-n2");
}

TEST(ProcessFaults, RestartReportsAStartCommandThatFailsOrAProcessThatNeverAppears) {
  std::vector<FakeRemote> nodes{FakeRemote("n1"), FakeRemote("n2")};
  for (FakeRemote& n : nodes) n.on("faultline-find", FakeRemote::exits(kNotRunningStatus));
  nodes[0].on("start-etcd", FakeRemote::exits(2, "", "etcd: bad flag\n"));
  nodes[1].on("faultline-await", FakeRemote::exits(kNotRunningStatus, "",
                                                   "no process named etcd is running\n"
                                                   "it did not start within 1.0s\n"));
  RestartRequest request{kEtcd, Command::shell("start-etcd"), std::chrono::milliseconds(1000)};
  FaultOutcome outcome = restart_processes(pointers(nodes), request);
  ASSERT_EQ(outcome.errors.size(), 2u);
  EXPECT_NE(outcome.errors[0].find("n1: the start command `start-etcd` failed (exit 2)"),
            std::string::npos)
      << outcome.errors[0];
  EXPECT_EQ(outcome.errors[1],
            "n2: no process named etcd is running; it did not start within 1.0s");
  EXPECT_TRUE(outcome.fault.nodes.empty());
}

TEST(ProcessFaults, TheDbsOwnStepsRunOnEachTargetInsteadOfASignal) {
  std::vector<FakeRemote> nodes{FakeRemote("n1"), FakeRemote("n2"), FakeRemote("n3")};
  nodes[1].on("pause-n2", FakeRemote::exits(0, "nothing to pause\n"));
  nodes[2].on("pause-n3", FakeRemote::exits(4, "", "no such pid\n"));
  NodeCommand step = [](const std::string& node) { return Command::shell("pause-" + node); };
  FaultOutcome outcome = run_process_steps(pointers(nodes), kEtcd, "pause", step);
  EXPECT_EQ(outcome.fault.kind, "pause");
  EXPECT_EQ(outcome.fault.nodes, (std::vector<std::string>{"n1", "n2"}));
  EXPECT_EQ(outcome.fault.value["process"], "etcd");
  EXPECT_EQ(outcome.fault.value["step"], "pause");
  // Each step's exit status and output, so one that exited 0 but did nothing shows.
  const auto output = [](int status, const char* out, const char* err) {
    return nlohmann::json{
        {"exit_status", status}, {"timed_out", false}, {"stdout", out}, {"stderr", err}};
  };
  EXPECT_EQ(outcome.fault.value["output"],
            nlohmann::json({{"n1", output(0, "", "")},
                            {"n2", output(0, "nothing to pause\n", "")},
                            {"n3", output(4, "", "no such pid\n")}}));
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_EQ(outcome.errors[0], "n3: the pause step `pause-n3` failed (exit 4): no such pid");
  for (size_t i = 0; i < nodes.size(); ++i) {
    EXPECT_EQ(nodes[i].command_lines(),
              std::vector<std::string>{"pause-n" + std::to_string(i + 1)});
  }
}

TEST(ProcessFaults, RestartWithoutAProcessToLookForOnlyRunsTheStartCommand) {
  std::vector<FakeRemote> nodes{FakeRemote("n1")};
  RestartRequest request{ProcessSpec{}, Command::shell("start-db"),
                         std::chrono::milliseconds(1000)};
  FaultOutcome outcome = restart_processes(pointers(nodes), request);
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(nodes[0].command_lines(), std::vector<std::string>{"start-db"});
  ASSERT_EQ(outcome.notes.size(), 1u);
  EXPECT_EQ(outcome.notes[0], "n1: started again (no process named to wait for)");
  nodes[0].on("start-db", FakeRemote::exits(1, "", "port in use\n"));
  outcome = restart_processes(pointers(nodes), request);
  ASSERT_EQ(outcome.errors.size(), 1u);
  EXPECT_NE(outcome.errors[0].find("n1: the start command `start-db` failed (exit 1)"),
            std::string::npos);
}

TEST(ProcessFaults, ResumePausedRunsOnEveryNode) {
  std::vector<FakeRemote> nodes{FakeRemote("n1"), FakeRemote("n2")};
  nodes[1].on("faultline-resume-paused", FakeRemote::exits(0, "9 10\n"));
  auto outcomes = resume_paused(pointers(nodes));
  ASSERT_TRUE(all_succeeded(outcomes));
  EXPECT_EQ(parse_pids(outcomes[1].result->out), (std::vector<int>{9, 10}));
  EXPECT_EQ(nodes[0].commands()[0].argv[3], "faultline-resume-paused");
}

}  // namespace
}  // namespace faultline
