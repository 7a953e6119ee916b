// `faultline nemesis schedule` on a real local cluster (needs root): a
// schedule's faults really happen, each start and stop is a nemesis op, the
// ledger records them, and every fault is healed at the end and on Ctrl-C.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "harness/cluster/local_process.h"
#include "nemeses/ledger.h"
#include "tests/support/cluster_suite.h"

namespace faultline {
namespace {

// The test's sleepers run as a copy of `sleep` with a name of their own, so
// that pause (pgrep -x) and cleanup touch no other process on the machine.
constexpr char kSleeper[] = "fl-sched-sleep";
// The first letter of each live test sleeper's state (S running, T stopped),
// e.g. "SSS"; killed ones may stay zombies for a while here (slow init), unlisted.
constexpr char kSleeperStates[] =
    "ps -o stat= -C fl-sched-sleep | awk '$1 !~ /^Z/ {printf \"%s\", substr($1, 1, 1)}'";

class ScheduleOnCluster : public testing::ClusterSuite<ScheduleOnCluster> {
 public:
  static constexpr testing::ClusterSpec kCluster{"sched", "10.213.33.0/24", 3};

 protected:
  void SetUp() override {
    ClusterSuite::SetUp();
    if (HasFatalFailure()) return;
    dir_ = ::testing::TempDir() + "schedule-" + std::to_string(getpid());
    run_local(Command::of({"rm", "-rf", dir_}));
    run_local(Command::of({"mkdir", "-p", dir_}));
  }
  void TearDown() override {
    run_local(Command::of({FAULTLINE_BINARY, "heal", "--nodes-file", nodes_->path}));
    run_local(Command::of({"pkill", "-KILL", "-x", kSleeper}));
  }
  static void write(const std::string& path, const std::string& text) {
    std::ofstream(path) << text;
  }
  // faultline's iptables rules and qdiscs on a node, read without faultline.
  static std::string leftovers(const NodeSpec& node) {
    CommandResult rules =
        run_local(Command::of({"ip", "netns", "exec", node.netns, "iptables", "-w", "-S"}));
    CommandResult qdiscs = run_local(
        Command::of({"ip", "netns", "exec", node.netns, "tc", "qdisc", "show", "dev", "eth0"}));
    std::string left;
    if (rules.out.find("faultline") != std::string::npos) left += rules.out;
    if (qdiscs.out.find("fa17:") != std::string::npos) left += qdiscs.out;
    return left;
  }
  // Starts a sleeper in every node's namespace, for pause to find.
  void start_sleepers() {
    const std::string sleeper = dir_ + "/" + kSleeper;
    ASSERT_TRUE(run_local(Command::of({"cp", "/bin/sleep", sleeper})).ok());
    for (const NodeSpec& n : nodes_->nodes) {
      CommandResult r =
          run_local(Command::of({"ip", "netns", "exec", n.netns, "sh", "-c",
                                 "setsid \"$0\" 600 </dev/null >/dev/null 2>&1 &", sleeper}));
      ASSERT_TRUE(r.ok()) << r.err;
    }
  }
  static std::string process_states() { return run_local(Command::shell(kSleeperStates)).out; }

  std::string dir_;
};

TEST_F(ScheduleOnCluster, RunsEveryFaultRecordsItAndLeavesNothing) {
  start_sleepers();
  write(dir_ + "/test.yaml",
        "name: by-hand\n"
        "nemesis:\n"
        "  interval: 500ms\n"
        "  duration: 1s\n"
        "  order: fixed\n"
        "  faults:\n"
        "    - partition: {shape: halves}\n"
        "    - loss: {percent: 30}\n"
        "    - pause: {target: all, process: fl-sched-sleep}\n"
        "    - bandwidth: {rate: 8mbit}\n");
  CommandResult run =
      run_local(Command::of({FAULTLINE_BINARY, "nemesis", "schedule", "--nodes-file", nodes_->path,
                             "--time-limit", "7", "--seed", "7", "--ledger", dir_ + "/ledger.jsonl",
                             "--history", dir_ + "/history.jsonl", dir_ + "/test.yaml"}));
  ASSERT_EQ(run.exit_status, 0) << run.out << run.err;
  std::ifstream history(dir_ + "/history.jsonl");
  std::stringstream ops;
  ops << history.rdbuf();
  for (const char* f : {"start-partition", "stop-partition", "start-loss", "stop-loss",
                        "start-pause", "stop-pause", "start-bandwidth", "stop-bandwidth"}) {
    EXPECT_NE(ops.str().find(std::string("\"f\":\"") + f + "\""), std::string::npos) << f;
  }
  EXPECT_NE(ops.str().find("\"process\":\"nemesis\""), std::string::npos);
  // The pause really stopped every sleeper: its completion names a pid per node.
  EXPECT_NE(ops.str().find("\"pids\":{\"n1\":["), std::string::npos) << ops.str();
  Parsed<LedgerState> ledger = Ledger::load(dir_ + "/ledger.jsonl");
  ASSERT_TRUE(ledger) << ledger.error().to_string();
  EXPECT_EQ(ledger->faults.size(), 4u);
  EXPECT_TRUE(ledger->active().empty());
  for (const NodeSpec& n : nodes_->nodes) EXPECT_EQ(leftovers(n), "") << n.name;
  EXPECT_EQ(process_states().find('T'), std::string::npos) << process_states();
}

TEST_F(ScheduleOnCluster, CtrlCDuringAFaultHealsItAndExits130) {
  start_sleepers();
  write(dir_ + "/test.yaml",
        "nemesis:\n"
        "  interval: 200ms\n"
        "  duration: 60s\n"
        "  faults:\n"
        "    - pause: {target: all, process: fl-sched-sleep}\n");
  const std::string ledger = dir_ + "/ledger.jsonl";
  // Start the schedule, wait until the fault is applied (the ledger says so),
  // check that it is in force, then Ctrl-C.
  CommandResult script = run_local([&] {
    Command c = Command::of({"sh", "-c",
                             "\"$0\" nemesis schedule --nodes-file \"$1\" --time-limit 120 "
                             "--ledger \"$2\" \"$3\" >/dev/null 2>&1 & pid=$!\n"
                             "for i in $(seq 200); do grep -q applied \"$2\" 2>/dev/null && "
                             "break; sleep 0.05; done\n"
                             "ps -o stat= -C fl-sched-sleep | awk '$1 !~ /^Z/ {printf \"%s\", "
                             "substr($1, 1, 1)}'; echo\n"
                             "kill -INT $pid; wait $pid; echo \"exit=$?\"",
                             FAULTLINE_BINARY, nodes_->path, ledger, dir_ + "/test.yaml"});
    c.timeout = std::chrono::seconds(60);
    return c;
  }());
  ASSERT_TRUE(script.ok()) << script.err;
  // Every sleeper was stopped while the fault was in force...
  EXPECT_EQ(script.out.substr(0, 3), "TTT") << script.out;
  // ...and Ctrl-C healed it: exit 130, nothing active, every sleeper running.
  EXPECT_NE(script.out.find("exit=130"), std::string::npos) << script.out;
  Parsed<LedgerState> state = Ledger::load(ledger);
  ASSERT_TRUE(state) << state.error().to_string();
  EXPECT_TRUE(state->active().empty());
  EXPECT_EQ(process_states().find('T'), std::string::npos) << process_states();
}

}  // namespace
}  // namespace faultline
