// A command's timeout over SSH as root on a real namespace node: sshd ignores
// the controller's signal for root logins, so only the `timeout` wrapper on the
// node stops the command. Needs root (a local cluster).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness/cluster/local_process.h"
#include "harness/remote/shell.h"
#include "harness/remote/ssh_remote.h"
#include "tests/support/cluster_suite.h"

namespace faultline {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The command lines (arguments joined by spaces) of every process in `netns`.
std::vector<std::string> commands_in_netns(const std::string& netns) {
  std::vector<std::string> commands;
  std::istringstream pids(run_local(Command::of({"ip", "netns", "pids", netns})).out);
  for (std::string pid; pids >> pid;) {
    std::ifstream in("/proc/" + pid + "/cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (!cmdline.empty()) commands.push_back(cmdline);
  }
  return commands;
}

bool any_mentions(const std::vector<std::string>& commands, const std::string& text) {
  return std::any_of(commands.begin(), commands.end(),
                     [&](const std::string& c) { return c.find(text) != std::string::npos; });
}

// Polls for up to `patience` until no process in `netns` mentions `text`.
bool gone_within(const std::string& netns, const std::string& text, milliseconds patience) {
  for (const Clock::time_point end = Clock::now() + patience; Clock::now() < end;) {
    if (!any_mentions(commands_in_netns(netns), text)) return true;
    std::this_thread::sleep_for(milliseconds(50));
  }
  return !any_mentions(commands_in_netns(netns), text);
}

class SshTimeoutOnCluster : public testing::ClusterSuite<SshTimeoutOnCluster> {
 public:
  static constexpr testing::ClusterSpec kCluster{"h1tmo", "10.213.43.0/24", 1};

 protected:
  // Runs `command` with a 1 s timeout; expects timed_out, reported well before the command ends.
  void expect_timed_out(Remote& remote, Command command) {
    command.timeout = milliseconds(1000);
    const Clock::time_point start = Clock::now();
    RemoteResult<CommandResult> result = remote.run(command);
    const milliseconds took = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
    ASSERT_TRUE(result) << result.error().to_string();
    EXPECT_TRUE(result->timed_out) << "exit " << result->exit_status << ": " << result->err;
    EXPECT_EQ(result->exit_status, -1);
    EXPECT_GE(took, milliseconds(1000));
    EXPECT_LE(took, controller_timeout(command) + milliseconds(500));
  }
};

TEST_F(SshTimeoutOnCluster, SleepPastItsTimeoutIsReportedAndLeavesNoProcessOnTheNode) {
  Remote& remote = node(0);
  ASSERT_TRUE(remote.run(Command::of({"true"})));  // connect outside the timed part
  expect_timed_out(remote, Command::of({"sleep", "30"}));
  EXPECT_TRUE(gone_within(spec(0).netns, "sleep 30", milliseconds(3000)))
      << "`sleep 30` still runs in " << spec(0).netns;
  RemoteResult<CommandResult> after = remote.run(Command::of({"echo", "after"}));
  ASSERT_TRUE(after) << after.error().to_string();
  EXPECT_EQ(after->out, "after\n");  // the session is still usable
}

TEST_F(SshTimeoutOnCluster, ACommandThatIgnoresTermIsKilledWithItsChildren) {
  Remote& remote = node(0);
  expect_timed_out(remote, Command::shell("trap '' TERM; sleep 29 & sleep 29; wait"));
  EXPECT_TRUE(gone_within(spec(0).netns, "sleep 29",
                          kRemoteKillGrace + kControllerTimeoutSlack + milliseconds(2000)))
      << "`sleep 29` still runs in " << spec(0).netns;
}

TEST_F(SshTimeoutOnCluster, ACommandUnderSudoIsStoppedToo) {
  Remote& remote = node(0);
  Command command = Command::of({"sleep", "28"});
  command.sudo = true;  // a no-op for root, but the line still goes through the wrapper
  expect_timed_out(remote, command);
  EXPECT_TRUE(gone_within(spec(0).netns, "sleep 28", milliseconds(3000)));
}

TEST_F(SshTimeoutOnCluster, AFastCommandKeepsItsOwnExitStatus) {
  Remote& remote = node(0);
  Command command = Command::shell("exit 124");  // the wrapper's code, but not a timeout
  command.timeout = milliseconds(5000);
  RemoteResult<CommandResult> result = remote.run(command);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_FALSE(result->timed_out);
  EXPECT_EQ(result->exit_status, 124);
}

}  // namespace
}  // namespace faultline
