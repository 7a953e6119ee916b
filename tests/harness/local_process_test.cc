#include "harness/cluster/local_process.h"

#include <dirent.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace faultline {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

constexpr size_t kMegabyte = 1 << 20;

milliseconds elapsed_since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

std::string make_temp_dir() {
  std::string dir = ::testing::TempDir() + "/faultline_local_XXXXXX";
  EXPECT_NE(mkdtemp(dir.data()), nullptr);
  char resolved[PATH_MAX];
  EXPECT_NE(realpath(dir.c_str(), resolved), nullptr);
  return resolved;
}

int open_fd_count() {
  int count = 0;
  DIR* dir = opendir("/proc/self/fd");
  while (dirent* entry = readdir(dir)) count += entry->d_name[0] != '.';
  closedir(dir);
  return count;
}

// True once `pid` is gone or a zombie (a reparented orphan whose new parent has not reaped it).
bool process_dead(pid_t pid) {
  for (auto start = Clock::now(); elapsed_since(start) < milliseconds(2000);) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string pid_field, comm, state;
    if (!(stat >> pid_field >> comm >> state) || state == "Z") return true;
    std::this_thread::sleep_for(milliseconds(10));
  }
  return false;
}

// Kills a process a test left behind on purpose (by pid, printed by the test's own script).
void kill_leftover(const std::string& pid_text) {
  pid_t pid = std::stoi(pid_text);
  ASSERT_GT(pid, 1);
  ::kill(pid, SIGKILL);
}

Command with_timeout(Command command, milliseconds timeout) {
  command.timeout = timeout;
  return command;
}

TEST(LocalProcess, ReportsTheExitStatus) {
  EXPECT_EQ(run_local(Command::of({"true"})).exit_status, 0);
  EXPECT_TRUE(run_local(Command::of({"true"})).ok());
  CommandResult three = run_local(Command::shell("exit 3"));
  EXPECT_EQ(three.exit_status, 3);
  EXPECT_FALSE(three.ok());
  EXPECT_FALSE(three.timed_out);
}

TEST(LocalProcess, KilledBySignalGivesMinusOneWithoutTimeout) {
  CommandResult result = run_local(Command::shell("kill -9 $$"));
  EXPECT_EQ(result.exit_status, -1);
  EXPECT_FALSE(result.timed_out);
}

TEST(LocalProcess, FindsArgvProgramsOnPathAndPassesArgumentsLiterally) {
  CommandResult result = run_local(Command::of({"printf", "%s|%s", "$HOME", "a b"}));
  EXPECT_EQ(result.out, "$HOME|a b");
}

TEST(LocalProcess, CapturesAMegabyteOnBothStreamsWithoutDeadlock) {
  // Fills stderr first: a reader that waited on stdout alone would hang here.
  CommandResult result = run_local(Command::shell(
      "head -c 1048576 /dev/zero | tr '\\0' e >&2; head -c 1048576 /dev/zero | tr '\\0' o"));
  ASSERT_TRUE(result.ok()) << result.tail();
  EXPECT_EQ(result.out, std::string(kMegabyte, 'o'));
  EXPECT_EQ(result.err, std::string(kMegabyte, 'e'));
}

TEST(LocalProcess, FeedsAMegabyteOfStdinWhileReadingStdout) {
  Command command = Command::of({"cat"});
  for (size_t i = 0; i < kMegabyte; ++i) command.stdin_data += static_cast<char>(i * 7 % 256);
  CommandResult result = run_local(command);
  ASSERT_TRUE(result.ok()) << result.err;
  EXPECT_EQ(result.out, command.stdin_data);
}

TEST(LocalProcess, StdinIsEmptyWhenNoneIsGiven) {
  EXPECT_EQ(run_local(Command::of({"wc", "-c"})).out, "0\n");
}

TEST(LocalProcess, AChildThatIgnoresStdinDoesNotHurtTheCaller) {
  Command command = Command::shell("exit 0");
  command.stdin_data = std::string(4 * kMegabyte, 'x');  // more than a pipe holds
  for (int i = 0; i < 5; ++i) EXPECT_EQ(run_local(command).exit_status, 0);  // no SIGPIPE death
}

TEST(LocalProcess, EnvIsAddedToTheInheritedEnvironment) {
  ::setenv("FAULTLINE_TEST_INHERITED", "inherited", 1);
  ::setenv("FAULTLINE_TEST_OVERRIDDEN", "old", 1);
  Command command = Command::shell(
      "printf '%s|%s|%s|%s' \"$FAULTLINE_TEST_INHERITED\" \"$FAULTLINE_TEST_OVERRIDDEN\" "
      "\"$FAULTLINE_TEST_NEW\" \"${FAULTLINE_TEST_EMPTY+set}\"");
  command.env = {{"FAULTLINE_TEST_OVERRIDDEN", "new"},
                 {"FAULTLINE_TEST_NEW", "it's $(new)"},
                 {"FAULTLINE_TEST_EMPTY", ""}};
  EXPECT_EQ(run_local(command).out, "inherited|new|it's $(new)|set");
}

TEST(LocalProcess, RunsInTheGivenDirectory) {
  std::string dir = make_temp_dir();
  Command command = Command::of({"pwd", "-P"});
  command.cwd = dir;
  EXPECT_EQ(run_local(command).out, dir + "\n");
}

TEST(LocalProcess, AMissingDirectoryIsAnErrorNamingIt) {
  Command command = Command::of({"true"});
  command.cwd = "/nonexistent/faultline";
  CommandResult result = run_local(command);
  EXPECT_EQ(result.exit_status, 1);
  EXPECT_NE(result.err.find("cd: /nonexistent/faultline"), std::string::npos) << result.err;
}

TEST(LocalProcess, ProgramNotOnPathIsCommandNotFound) {
  CommandResult result = run_local(Command::of({"faultline-no-such-program", "arg"}));
  EXPECT_EQ(result.exit_status, 127);
  EXPECT_EQ(result.err, "faultline: faultline-no-such-program: command not found");
}

TEST(LocalProcess, MissingProgramPathIsCommandNotFound) {
  CommandResult result = run_local(Command::of({"/nonexistent/faultline-prog"}));
  EXPECT_EQ(result.exit_status, 127);
  EXPECT_EQ(result.err, "faultline: /nonexistent/faultline-prog: command not found");
}

TEST(LocalProcess, ProgramThatCannotBeExecutedIs126) {
  std::string path = make_temp_dir() + "/not-executable";
  std::ofstream(path) << "#!/bin/sh\necho hi\n";
  CommandResult result = run_local(Command::of({path}));
  EXPECT_EQ(result.exit_status, 126);
  EXPECT_NE(result.err.find(path), std::string::npos) << result.err;
}

TEST(LocalProcess, SudoIsANoOpForRoot) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (sudo -n would ask for a password)";
  Command command = Command::of({"id", "-u"});
  command.sudo = true;
  EXPECT_EQ(run_local(command).out, "0\n");
}

TEST(LocalProcess, ChildRunsInItsOwnProcessGroup) {
  // Field 5 of /proc/PID/stat is the process group.
  CommandResult result = run_local(Command::shell("echo $$ $(cut -d' ' -f5 /proc/$$/stat)"));
  std::istringstream fields(result.out);
  pid_t pid = 0, group = 0;
  ASSERT_TRUE(fields >> pid >> group) << result.out;
  EXPECT_EQ(group, pid);
  EXPECT_NE(group, ::getpgrp());
}

TEST(LocalProcess, TimeoutKillsTheChildAndItsGrandchildrenPromptly) {
  auto start = Clock::now();
  CommandResult result =
      run_local(with_timeout(Command::shell("sleep 30 & echo $!; sleep 30"), milliseconds(300)));
  EXPECT_LT(elapsed_since(start), milliseconds(10'000)) << "not the 30 s sleep";
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_status, -1);
  EXPECT_FALSE(result.ok());
  ASSERT_FALSE(result.out.empty());
  EXPECT_TRUE(process_dead(std::stoi(result.out))) << "the background sleep survived";
}

TEST(LocalProcess, TimeoutKeepsTheOutputReadSoFar) {
  CommandResult result =
      run_local(with_timeout(Command::shell("echo before; sleep 30"), milliseconds(200)));
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.out, "before\n");
}

TEST(LocalProcess, TimeoutReturnsEvenIfAnEscapedProcessHoldsTheOutput) {
  auto start = Clock::now();
  CommandResult result = run_local(
      with_timeout(Command::shell("setsid sleep 30 & echo $!; sleep 30"), milliseconds(300)));
  EXPECT_LT(elapsed_since(start), milliseconds(10'000)) << "not the 30 s sleep";
  EXPECT_TRUE(result.timed_out);
  ASSERT_FALSE(result.out.empty());
  kill_leftover(result.out);
}

TEST(LocalProcess, BackgroundProcessWithRedirectedOutputDoesNotDelayTheResult) {
  auto start = Clock::now();
  CommandResult result = run_local(Command::shell("sleep 30 >/dev/null 2>&1 & echo $!"));
  EXPECT_LT(elapsed_since(start), milliseconds(10'000)) << "not the 30 s sleep";
  EXPECT_TRUE(result.ok());
  ASSERT_FALSE(result.out.empty());
  kill_leftover(result.out);
}

TEST(LocalProcess, LeavesNoDescriptorsOrZombiesBehind) {
  int fds_before = open_fd_count();
  run_local(Command::of({"true"}));
  run_local(Command::of({"faultline-no-such-program"}));
  run_local(with_timeout(Command::shell("sleep 30"), milliseconds(50)));
  Command with_input = Command::of({"cat"});
  with_input.stdin_data = "abc";
  run_local(with_input);
  EXPECT_EQ(open_fd_count(), fds_before);
  errno = 0;
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);
  EXPECT_EQ(errno, ECHILD);
}

TEST(LocalProcess, ConcurrentCallsDoNotHoldEachOthersPipes) {
  // A slow command in one thread must not inherit another thread's stdin pipe (cat would
  // then never see end of input until the slow command exits).
  // Held, cat would wait for a slow command's end: 5 s; a slow machine still
  // runs cat far quicker than that. Three start while the cats run.
  std::vector<std::thread> slow;
  for (int i = 0; i < 3; ++i) {
    slow.emplace_back([i] {
      std::this_thread::sleep_for(milliseconds(300 * i));
      run_local(Command::shell("sleep 5"));
    });
  }
  Command cat = Command::of({"cat"});
  cat.stdin_data = "ping";
  const auto begun = Clock::now();
  for (int i = 0; elapsed_since(begun) < milliseconds(1500); ++i) {
    auto start = Clock::now();
    CommandResult result = run_local(cat);
    EXPECT_EQ(result.out, "ping");
    EXPECT_LT(elapsed_since(start), milliseconds(3000)) << "iteration " << i;
  }
  for (std::thread& t : slow) t.join();
}

}  // namespace
}  // namespace faultline
