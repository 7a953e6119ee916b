// What SshRemote sends for a Command: the node-side `timeout` wrapper, the
// controller's longer patience, and the sudo password kept out of the line.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <string>

#include "harness/cluster/local_process.h"
#include "harness/remote/shell.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;

Command with_timeout(Command command, milliseconds timeout) {
  command.timeout = timeout;
  return command;
}

TEST(RemoteTimeout, WrapsTheProgramWithTheTimeoutInSecondsAndTheKillGrace) {
  const struct {
    int ms;
    std::string line;
  } cases[] = {
      {1000, "timeout -k 1 1 sleep 30"},
      {1500, "timeout -k 1 1.5 sleep 30"},
      {250, "timeout -k 1 0.25 sleep 30"},
      {60'000, "timeout -k 1 60 sleep 30"},
      {1, "timeout -k 1 0.001 sleep 30"},
      {90'061, "timeout -k 1 90.061 sleep 30"},
      {0, "sleep 30"},  // no timeout, no wrapper
  };
  for (const auto& c : cases) {
    Command command = with_timeout(Command::of({"sleep", "30"}), milliseconds(c.ms));
    EXPECT_EQ(remote_command_line(command, false), c.line) << c.ms << " ms";
  }
}

TEST(RemoteTimeout, ControllerWaitsLongerThanTheNodeCanTake) {
  Command command = with_timeout(Command::of({"true"}), milliseconds(1000));
  EXPECT_EQ(controller_timeout(command),
            milliseconds(1000) + kRemoteKillGrace + kControllerTimeoutSlack);
  EXPECT_GT(controller_timeout(command), milliseconds(1000) + kRemoteKillGrace);
  EXPECT_EQ(remote_invocation(command, std::nullopt).controller_timeout,
            controller_timeout(command));
}

TEST(RemoteTimeout, OnlyTheWrappersStatusesAfterTheTimeoutCountAsTimedOut) {
  const Command command = with_timeout(Command::of({"true"}), milliseconds(1000));
  const struct {
    int status;
    int elapsed_ms;
    bool timed_out;
  } cases[] = {
      {124, 1005, true}, {137, 2010, true}, {-1, 2010, true},  // TERM, KILL (shell or none)
      {124, 400, false},                                       // the program's own 124
      {0, 1005, false},  {1, 1500, false},  {143, 1005, false},
  };
  for (const auto& c : cases) {
    CommandResult result;
    result.exit_status = c.status;
    EXPECT_EQ(stopped_by_remote_timeout(command, result, milliseconds(c.elapsed_ms)), c.timed_out)
        << "exit " << c.status << " after " << c.elapsed_ms << " ms";
  }
}

TEST(RemoteTimeout, TheWrapperStopsTheCommandAndItsWholeProcessGroupUnderARealShell) {
  // A background child in the same process group must go too.
  Command command =
      with_timeout(Command::shell("sleep 31.4159 & sleep 31.4159; wait"), milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  CommandResult result = run_local(Command::shell(remote_command_line(command, false)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_EQ(result.exit_status, 124) << result.err;
  EXPECT_NE(run_local(Command::of({"pgrep", "-f", "sleep 31.4159"})).exit_status, 0)
      << "a sleep outlived the timeout";
}

TEST(RemoteTimeout, ACommandIgnoringTermIsKilledAfterTheGrace) {
  Command command = with_timeout(Command::shell("trap '' TERM; sleep 27.1828"), milliseconds(300));
  CommandResult result = run_local(Command::shell(remote_command_line(command, false)));
  EXPECT_TRUE(result.exit_status == 137 || result.exit_status == -1) << result.exit_status;
  EXPECT_FALSE(result.timed_out) << "run_local's own timeout should not have been needed";
  EXPECT_NE(run_local(Command::of({"pgrep", "-f", "sleep 27.1828"})).exit_status, 0);
}

TEST(SudoPassword, GoesOnStdinAheadOfTheInputAndNeverIntoTheLine) {
  const std::string password = "s3cret pass'word";
  Command command = Command::of({"tee", "/etc/x"});
  command.sudo = true;
  command.stdin_data = "data\n";
  RemoteInvocation invocation = remote_invocation(command, password);
  EXPECT_EQ(invocation.line, "sudo -k -S -p '' -- timeout -k 1 60 tee /etc/x");
  EXPECT_EQ(invocation.input, password + "\ndata\n");
  EXPECT_EQ(invocation.line.find("s3cret"), std::string::npos);
  EXPECT_EQ(command.describe().find("s3cret"), std::string::npos);
  EXPECT_EQ(command.describe(), "tee /etc/x");
}

TEST(SudoPassword, IsNotSentForACommandWithoutSudoOrWithoutAPassword) {
  Command command = Command::of({"cat"});
  command.stdin_data = "data";
  EXPECT_EQ(remote_invocation(command, std::string_view("pw")).input, "data");
  EXPECT_EQ(remote_invocation(command, std::string_view("pw")).line, "timeout -k 1 60 cat");
  command.sudo = true;
  RemoteInvocation no_password = remote_invocation(command, std::nullopt);
  EXPECT_EQ(no_password.input, "data");
  EXPECT_EQ(no_password.line, "sudo -n -- timeout -k 1 60 cat");
}

}  // namespace
}  // namespace faultline
