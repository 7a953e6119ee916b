// Process and clock faults on a real local cluster: real processes stopped,
// continued and killed through real sshd, and a real process under libfaketime
// whose clock moves (needs root).
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <random>
#include <set>
#include <thread>

#include "harness/cluster/local_process.h"
#include "harness/remote/node_paths.h"
#include "harness/remote/ssh_remote.h"
#include "nemeses/clock_faults.h"
#include "nemeses/clock_helper.h"
#include "nemeses/loss.h"
#include "nemeses/partition.h"
#include "nemeses/partition_shapes.h"
#include "nemeses/process_faults.h"
#include "nemeses/traffic.h"
#include "tests/support/cluster_suite.h"
#include "tests/support/fault_leftovers.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

// A copy of sleep under its own name, so no other sleep on the machine matches.
constexpr char kSleeper[] = "fl-h3-sleeper";

int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The state letter in /proc/<pid>/stat ('T' stopped, 'S' sleeping); 0 when gone.
// Namespace nodes share the controller's process table, so it can look.
char process_state(int pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  size_t paren = text.rfind(')');
  return paren == std::string::npos || paren + 2 >= text.size() ? 0 : text[paren + 2];
}

// Waits up to 2 s for the process to reach `state` (signals are delivered
// asynchronously; a process just started may still be running).
char state_becomes(int pid, char state) {
  for (int i = 0; i < 100 && process_state(pid) != state; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return process_state(pid);
}

class ProcessAndClockOnCluster : public testing::ClusterSuite<ProcessAndClockOnCluster> {
 public:
  static constexpr testing::ClusterSpec kCluster{"h3proc", "10.213.61.0/24", 3};

 protected:
  void SetUp() override {
    ClusterSuite::SetUp();
    if (HasFatalFailure()) return;
    for (const NodeSpec& n : nodes_->nodes)
      context_.modes[n.name] = clock_mode_for(n, ProcessSpec{});  // faketime
  }
  void TearDown() override {
    resume_paused(all());
    reset_clocks(all());
    for (auto& r : remotes_) r->run(Command::of({"pkill", "-KILL", "-x", kSleeper}));
    for (int pid : background_) kill(pid, SIGKILL);
  }
  std::string run_ok(Remote& remote, const Command& command) {
    RemoteResult<CommandResult> r = remote.run(command);
    EXPECT_TRUE(r.ok() && r->ok()) << remote.node() << ": " << command.describe() << ": "
                                   << (r.ok() ? r->tail() : r.error().to_string());
    return r.ok() ? r->out : "";
  }
  // Starts a detached `sleep 1000` named kSleeper on the node; its pid.
  int start_sleeper(Remote& remote) {
    std::string dir = kNodeStateDir;
    std::string out = run_ok(
        remote, Command::of({"sh", "-c",
                             "cp /bin/sleep \"$1/$2\" && setsid \"$1/$2\" 1000 >/dev/null 2>&1 "
                             "</dev/null & echo $! > \"$1/sleeper.pid\"; echo $!",
                             "start", dir, kSleeper}));
    int pid = std::atoi(out.c_str());
    background_.push_back(pid);
    EXPECT_EQ(state_becomes(pid, 'S'), 'S') << "the sleeper should be asleep";
    return pid;
  }
  // The node's clock as a process under libfaketime sees it, in s.
  int64_t faketime_seconds(Remote& remote) {
    return std::atoll(run_ok(remote, faketime_wrap(Command::of({"date", "+%s"}))).c_str());
  }

  std::vector<int> background_;
  ClockContext context_;
  const ProcessSpec sleeper_{kSleeper, "", /*own_network_namespace=*/true};
};

TEST_F(ProcessAndClockOnCluster, PauseStopsResumeContinuesKillEnds) {
  const int pid = start_sleeper(node(0));
  ASSERT_GT(pid, 0);
  ASSERT_EQ(state_becomes(pid, 'S'), 'S');

  FaultOutcome paused = pause_processes({&node(0)}, sleeper_);
  ASSERT_TRUE(paused.ok()) << paused.errors[0];
  EXPECT_EQ(paused.fault.value["pids"], nlohmann::json({{"n1", {pid}}}));
  EXPECT_EQ(state_becomes(pid, 'T'), 'T');
  EXPECT_EQ(run_ok(node(0), Command::of({"cat", paused_file()})), std::to_string(pid) + "\n");

  FaultOutcome resumed = resume_processes({&node(0)}, sleeper_);
  ASSERT_TRUE(resumed.ok()) << resumed.errors[0];
  EXPECT_EQ(resumed.fault.value["pids"], nlohmann::json({{"n1", {pid}}}));
  EXPECT_EQ(state_becomes(pid, 'S'), 'S');
  EXPECT_FALSE(node(0).run(Command::of({"test", "-e", paused_file()}))->ok())
      << "a resumed pid is no longer recorded as paused";

  FaultOutcome killed = kill_processes({&node(0)}, sleeper_);
  ASSERT_TRUE(killed.ok()) << killed.errors[0];
  EXPECT_EQ(killed.fault.value["pids"], nlohmann::json({{"n1", {pid}}}));
  for (int i = 0; i < 50 && process_state(pid) != 0 && process_state(pid) != 'Z'; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  char state = process_state(pid);
  EXPECT_TRUE(state == 0 || state == 'Z') << "state " << state;
}

TEST_F(ProcessAndClockOnCluster, OtherNodesProcessesAreNotTheirsAndMissingIsAnError) {
  const int pid = start_sleeper(node(0));
  FaultOutcome outcome = pause_processes({&node(1), &node(2)}, sleeper_);
  EXPECT_TRUE(outcome.fault.nodes.empty());
  ASSERT_EQ(outcome.errors.size(), 2u);
  EXPECT_EQ(outcome.errors[0], "n2: no process named fl-h3-sleeper is running (nothing to pause)");
  EXPECT_EQ(state_becomes(pid, 'S'), 'S') << "n1's process must not be touched from n2";
}

TEST_F(ProcessAndClockOnCluster, HealResumesPausedPidsEvenFromAFreshController) {
  const int first = start_sleeper(node(0));
  const int second = start_sleeper(node(2));
  ASSERT_TRUE(pause_processes({&node(0), &node(2)}, sleeper_).ok());
  ASSERT_EQ(state_becomes(first, 'T'), 'T');
  ASSERT_EQ(state_becomes(second, 'T'), 'T');

  std::vector<std::unique_ptr<Remote>> fresh;  // the pausing controller is gone
  std::vector<Remote*> pointers;
  for (const NodeSpec& n : nodes_->nodes) {
    fresh.push_back(std::make_unique<SshRemote>(n));
    pointers.push_back(fresh.back().get());
  }
  auto healed = resume_paused(pointers);
  ASSERT_TRUE(all_succeeded(healed)) << describe_failures(healed, resume_paused_command());
  EXPECT_EQ(parse_pids(healed[0].result->out), std::vector<int>{first});
  EXPECT_TRUE(parse_pids(healed[1].result->out).empty());
  EXPECT_EQ(parse_pids(healed[2].result->out), std::vector<int>{second});
  EXPECT_EQ(state_becomes(first, 'S'), 'S');
  EXPECT_EQ(state_becomes(second, 'S'), 'S');
  auto again = resume_paused(pointers);
  EXPECT_TRUE(all_succeeded(again));
  EXPECT_EQ(again[0].result->out, "");
}

TEST_F(ProcessAndClockOnCluster, PidFileSelectsTheProcessAndRestartBringsItBack) {
  const int pid = start_sleeper(node(1));
  ProcessSpec by_file{"", std::string(kNodeStateDir) + "/sleeper.pid", false};
  FaultOutcome paused = pause_processes({&node(1)}, by_file);
  ASSERT_TRUE(paused.ok()) << paused.errors[0];
  EXPECT_EQ(paused.fault.value["pids"]["n2"], nlohmann::json({pid}));
  EXPECT_EQ(state_becomes(pid, 'T'), 'T');
  ASSERT_TRUE(kill_processes({&node(1)}, by_file).ok());

  FaultOutcome gone = pause_processes({&node(1)}, by_file);
  ASSERT_EQ(gone.errors.size(), 1u);
  EXPECT_NE(gone.errors[0].find("is running (nothing to pause)"), std::string::npos)
      << gone.errors[0];

  RestartRequest restart{
      sleeper_,
      Command::shell(
          "setsid \"/var/lib/faultline/fl-h3-sleeper\" 1000 >/dev/null 2>&1 </dev/null &"),
      std::chrono::milliseconds(5000)};
  FaultOutcome restarted = restart_processes({&node(1)}, restart);
  ASSERT_TRUE(restarted.ok()) << restarted.errors[0];
  ASSERT_EQ(restarted.fault.value["pids"]["n2"].size(), 1u);
  const int new_pid = restarted.fault.value["pids"]["n2"][0].get<int>();
  background_.push_back(new_pid);
  EXPECT_NE(new_pid, pid);
  EXPECT_EQ(state_becomes(new_pid, 'S'), 'S');
  FaultOutcome again = restart_processes({&node(1)}, restart);
  EXPECT_TRUE(again.ok());
  EXPECT_TRUE(again.fault.nodes.empty());
  ASSERT_EQ(again.notes.size(), 1u);
}

TEST_F(ProcessAndClockOnCluster, ARunningProcessUnderFaketimeFollowsBumpAndReset) {
  // n1 runs a loop under libfaketime that writes its clock every 100 ms.
  const std::string seen = std::string(kNodeStateDir) + "/h3-seen";
  Command loop = faketime_wrap(Command::of(
      {"sh", "-c",
       "setsid sh -c 'while :; do date +%s > \"$0.new\"; mv \"$0.new\" \"$0\"; sleep 0.1; done' "
       "\"$0\" >/dev/null 2>&1 </dev/null & echo $!",
       seen}));
  background_.push_back(std::atoi(run_ok(node(0), loop).c_str()));
  auto loop_offset = [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    return std::atoll(run_ok(node(0), Command::of({"cat", seen})).c_str()) - now_s();
  };
  EXPECT_NEAR(loop_offset(), 0, 1);

  FaultOutcome bumped = bump_clocks({&node(0)}, 5000, context_);
  ASSERT_TRUE(bumped.ok()) << bumped.errors[0];
  EXPECT_EQ(bumped.fault.value["offset_ms"], nlohmann::json({{"n1", 5000}}));
  EXPECT_EQ(bumped.fault.value["mode"]["n1"], "faketime");
  EXPECT_NEAR(loop_offset(), 5, 1);
  EXPECT_NEAR(faketime_seconds(node(1)) - now_s(), 0, 1) << "n2 was not bumped";

  ASSERT_TRUE(bump_clocks({&node(0)}, -7000, context_).ok());  // adds up: -2 s
  EXPECT_NEAR(loop_offset(), -2, 1);

  auto reset = reset_clocks(all());
  ASSERT_TRUE(all_succeeded(reset))
      << describe_failures(reset, reset_clock_command(clock_helper_path()));
  EXPECT_EQ(reset[0].result->out, "-2000\n");
  EXPECT_NEAR(loop_offset(), 0, 1);
  auto again = reset_clocks(all());
  ASSERT_TRUE(all_succeeded(again));
  EXPECT_EQ(again[0].result->out, "0\n");
}

TEST_F(ProcessAndClockOnCluster, StrobeFlipsUntilResetStopsIt) {
  StrobeTiming timing{std::chrono::milliseconds(300), std::chrono::seconds(20)};
  FaultOutcome strobed = strobe_clocks({&node(2)}, 10'000, timing, context_);
  ASSERT_TRUE(strobed.ok()) << strobed.errors[0];
  std::set<int64_t> offsets;
  for (int i = 0; i < 15; ++i) {
    offsets.insert(faketime_seconds(node(2)) - now_s());
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(offsets.count(0) || offsets.count(-1) || offsets.count(1)) << "never at 0";
  EXPECT_TRUE(offsets.count(10) || offsets.count(9) || offsets.count(11)) << "never at +10 s";

  auto reset = reset_clocks({&node(2)});
  ASSERT_TRUE(all_succeeded(reset))
      << describe_failures(reset, reset_clock_command(clock_helper_path()));
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR(faketime_seconds(node(2)) - now_s(), 0, 1) << "after reset, sample " << i;
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
}

TEST_F(ProcessAndClockOnCluster, StrobeEndsOnItsOwnAtTheBaseOffset) {
  ASSERT_TRUE(bump_clocks({&node(1)}, 3000, context_).ok());
  StrobeTiming timing{std::chrono::milliseconds(200), std::chrono::milliseconds(1000)};
  ASSERT_TRUE(strobe_clocks({&node(1)}, 20'000, timing, context_).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1800));
  EXPECT_NEAR(faketime_seconds(node(1)) - now_s(), 3, 1);
  EXPECT_FALSE(
      node(1)
          .run(Command::of({"test", "-e", std::string(kNodeStateDir) + "/clock-strobe.pid"}))
          ->ok());
}

TEST_F(ProcessAndClockOnCluster, ScrambleGivesEachNodeItsOwnVerifiedOffset) {
  std::mt19937_64 rng(11);
  auto offsets = scramble_offsets({"n1", "n2", "n3"}, 60'000, rng);
  FaultOutcome outcome = set_clocks(all(), offsets, context_);
  ASSERT_TRUE(outcome.ok()) << outcome.errors[0];
  for (int i = 0; i < 3; ++i) {
    const std::string& name = node(i).node();
    EXPECT_NEAR(faketime_seconds(node(i)) - now_s(), offsets[name] / 1000.0, 1.5) << name;
  }
}

TEST_F(ProcessAndClockOnCluster, EtcdIsNotClockFaultedInFaketimeMode) {
  ClockContext etcd = context_;
  etcd.process = {"etcd", "", true};
  FaultOutcome outcome = bump_clocks({&node(0)}, 5000, etcd);
  EXPECT_TRUE(outcome.fault.nodes.empty());
  ASSERT_EQ(outcome.notes.size(), 1u);
  EXPECT_NEAR(faketime_seconds(node(0)) - now_s(), 0, 1);
}

// Every kind of fault faultline has, at once, on a real cluster; the
// controller that made them is gone; `faultline heal` (the binary, as a user
// runs it) removes all of it, as the nodes themselves show: no rule in any
// iptables table, no faultline qdisc, no stopped process, true time.
// (netem cannot be applied on this kernel: its healer is the same as
// bandwidth's, checked below.)
TEST_F(ProcessAndClockOnCluster, HealRemovesEveryKindOfFaultAsTheNodesShow) {
  const int sleeper = start_sleeper(node(1));
  std::mt19937_64 rng(1);
  ShapeRequest halves;
  halves.shape = "halves";
  ASSERT_TRUE(all_succeeded(
      apply_partition(all(), *make_grudge(halves, {"n1", "n2", "n3"}, rng), addresses_)));
  ASSERT_TRUE(apply_loss(all(), 20, addresses_).ok());
  ASSERT_TRUE(apply_bandwidth(all(), 8'000'000, addresses_).ok());
  ASSERT_TRUE(pause_processes({&node(1)}, sleeper_).ok());
  ASSERT_TRUE(bump_clocks({&node(2)}, 5000, context_).ok());
  ASSERT_EQ(state_becomes(sleeper, 'T'), 'T');
  EXPECT_NEAR(faketime_seconds(node(2)) - now_s(), 5, 1);

  auto leftovers = [&](size_t i) {
    return testing::network_fault_leftovers(testing::in_namespace(spec(i).netns));
  };
  for (size_t i = 0; i < 3; ++i) EXPECT_NE(leftovers(i), "") << spec(i).name << ": not faulted";

  testing::BinaryRun healed =
      testing::run_faultline(FAULTLINE_BINARY, "heal --nodes-file " + nodes_->path + " 2>&1");
  ASSERT_EQ(healed.status, 0) << healed.out;
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(leftovers(i), "") << spec(i).name << " after heal";
  EXPECT_EQ(state_becomes(sleeper, 'S'), 'S') << "the paused process runs again";
  EXPECT_NEAR(faketime_seconds(node(2)) - now_s(), 0, 1) << "true time again";
  const std::string paused_file = std::string(kNodeStateDir) + "/paused";
  EXPECT_NE(
      run_ok(node(1), Command::shell("test -e " + paused_file + " && echo left || echo gone")),
      "left\n");
}

}  // namespace
}  // namespace faultline
