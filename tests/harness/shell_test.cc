#include "harness/remote/shell.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <chrono>
#include <climits>
#include <stdexcept>
#include <string>
#include <vector>

#include "harness/cluster/local_process.h"

namespace faultline {
namespace {

// Arguments that break naive quoting, each meant to arrive as one literal word.
const std::vector<std::string>& hostile_arguments() {
  static const std::vector<std::string> arguments = {
      "it's",      "say \"hi\"",
      "a;b",       "$(touch /tmp/faultline-pwned)",
      "`id`",      "line1\nline2",
      "tab\there", "back\\slash\\",
      "*",         "?",
      "[a]",       "-n",
      "--help",    "",
      "é漢字",     "\xff",
      "$HOME",     "~",
      "a b",       "'",
      "''",        "\\'",
      "!",         "#not a comment",
      "A=B",       "if",
      "{",         "}",
      "&",         "|",
      ">out",      "a\rb",
      "%s",        "  spaced  ",
      "\"",        "\\",
  };
  return arguments;
}

// The NUL-terminated words that printf '%s\0' printed.
std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> words;
  size_t start = 0;
  for (size_t end = text.find('\0'); end != std::string::npos; end = text.find('\0', start)) {
    words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  EXPECT_EQ(start, text.size()) << "output does not end in NUL";
  return words;
}

// What a real /bin/sh passes to a program as its arguments, given `words` as shell text.
std::vector<std::string> arguments_through_sh(const std::string& words) {
  CommandResult result = run_local(Command::shell("printf '%s\\0' " + words));
  EXPECT_TRUE(result.ok()) << result.err;
  return split_nul(result.out);
}

std::string make_temp_dir(const std::string& leaf) {
  std::string base = ::testing::TempDir() + "/faultline_shell_XXXXXX";
  EXPECT_NE(mkdtemp(base.data()), nullptr);
  std::string dir = base + "/" + leaf;
  EXPECT_EQ(mkdir(dir.c_str(), 0700), 0);
  char resolved[PATH_MAX];
  EXPECT_NE(realpath(dir.c_str(), resolved), nullptr);
  return resolved;
}

TEST(Shell, QuotesInPosixSingleQuoteStyle) {
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("a b"), "'a b'");
  EXPECT_EQ(shell_quote("$(x)"), "'$(x)'");
}

TEST(Shell, LeavesPlainWordsBare) {
  for (const char* word : {"abc-123", "/usr/bin/x", "a_b.c:d@e%f", "-n", "1,2+3"}) {
    EXPECT_EQ(shell_quote(word), word);
  }
}

TEST(Shell, QuotesWordsTheShellWouldReadAsSyntax) {
  EXPECT_EQ(shell_quote("A=B"), "'A=B'");  // an assignment in command position
  EXPECT_EQ(shell_quote("if"), "'if'");    // a reserved word in command position
  EXPECT_EQ(shell_quote("~"), "'~'");
}

TEST(Shell, RejectsAnArgumentHoldingNul) {
  EXPECT_THROW(shell_quote(std::string("a\0b", 3)), std::invalid_argument);
}

TEST(Shell, JoinsQuotedArgumentsWithSpaces) {
  EXPECT_EQ(shell_join({"echo", "it's", "", "x"}), "echo 'it'\\''s' '' x");
  EXPECT_EQ(shell_join({}), "");
}

TEST(Shell, EveryHostileArgumentReachesARealShellByteForByte) {
  for (const std::string& argument : hostile_arguments()) {
    EXPECT_EQ(arguments_through_sh(shell_quote(argument)), std::vector<std::string>{argument})
        << "argument: " << argument;
  }
}

TEST(Shell, AllHostileArgumentsTogetherArriveAsSeparateWords) {
  EXPECT_EQ(arguments_through_sh(shell_join(hostile_arguments())), hostile_arguments());
}

TEST(Shell, ReservedWordInCommandPositionStillRunsAsAProgramName) {
  CommandResult result = run_local(Command::shell(shell_join({"if"}) + " 2>/dev/null"));
  EXPECT_EQ(result.exit_status, 127);  // "if: not found", not a syntax error (2)
}

TEST(Shell, DescribeShellJoinsArgvOrGivesTheScript) {
  EXPECT_EQ(Command::of({"echo", "a b", "it's"}).describe(), "echo 'a b' 'it'\\''s'");
  EXPECT_EQ(Command::shell("echo $HOME | wc -c").describe(), "echo $HOME | wc -c");
}

TEST(RemoteCommandLine, PlainArgvIsJustTheJoinedWords) {
  Command command = Command::of({"prog", "arg x"});
  command.timeout = std::chrono::milliseconds(0);  // no timeout: no wrapper
  EXPECT_EQ(remote_command_line(command, false), "prog 'arg x'");
}

TEST(RemoteCommandLine, CdThenSudoThenTimeoutThenEnvThenTheProgram) {
  Command command = Command::of({"prog", "arg"});
  command.cwd = "/srv/my db";
  command.env = {{"K", "V 1"}, {"L", "it's"}};
  command.sudo = true;
  command.timeout = std::chrono::milliseconds(2500);
  EXPECT_EQ(remote_command_line(command, false),
            "cd -- '/srv/my db' && sudo -n -- timeout -k 1 2.5 env 'K=V 1' 'L=it'\\''s' prog arg");
}

TEST(RemoteCommandLine, SudoWithPasswordAlwaysReadsItFromStdinWithoutAPrompt) {
  Command command = Command::of({"prog"});
  command.sudo = true;
  command.timeout = std::chrono::milliseconds(0);
  // -k: cached credentials must not leave the password line to the command's stdin.
  EXPECT_EQ(remote_command_line(command, true), "sudo -k -S -p '' -- prog");
  command.timeout = std::chrono::seconds(60);
  EXPECT_EQ(remote_command_line(command, true), "sudo -k -S -p '' -- timeout -k 1 60 prog");
}

TEST(RemoteCommandLine, SudoWithPasswordIsIgnoredWithoutSudo) {
  EXPECT_EQ(remote_command_line(Command::of({"prog"}), true), "timeout -k 1 60 prog");
}

TEST(RemoteCommandLine, ScriptRunsUnderShDashC) {
  Command command = Command::shell("echo \"$X\"; exit 3");
  command.sudo = true;
  command.timeout = std::chrono::milliseconds(1500);
  EXPECT_EQ(remote_command_line(command, false),
            "sudo -n -- timeout -k 1 1.5 sh -c 'echo \"$X\"; exit 3'");
}

TEST(RemoteCommandLine, InvalidEnvironmentNamesAreProgrammerErrors) {
  for (const char* name : {"", "1X", "A-B", "A B", "A=B", "É"}) {
    Command command = Command::of({"true"});
    command.env = {{name, "v"}};
    EXPECT_THROW(remote_command_line(command, false), std::invalid_argument) << name;
  }
}

TEST(RemoteCommandLine, ValidEnvironmentNames) {
  for (const char* name : {"A", "_", "a_1", "PATH", "_X9"}) EXPECT_TRUE(is_env_name(name)) << name;
}

TEST(RemoteCommandLine, CommandNeedsExactlyOneOfArgvAndScript) {
  EXPECT_THROW(remote_command_line(Command{}, false), std::invalid_argument);
  Command both = Command::shell("true");
  both.argv = {"true"};
  EXPECT_THROW(remote_command_line(both, false), std::invalid_argument);
}

TEST(RemoteCommandLine, HostileArgvRunsUnderARealShellByteForByte) {
  std::vector<std::string> argv = {"printf", "%s\\0"};
  argv.insert(argv.end(), hostile_arguments().begin(), hostile_arguments().end());
  CommandResult result = run_local(Command::shell(remote_command_line(Command::of(argv), false)));
  ASSERT_TRUE(result.ok()) << result.err;
  EXPECT_EQ(split_nul(result.out), hostile_arguments());
}

TEST(RemoteCommandLine, CwdAndEnvApplyToArgvUnderARealShell) {
  std::string dir = make_temp_dir("it's a \"dir\" $(x) -");
  Command command = Command::of({"sh", "-c", "pwd -P; printf '%s|%s' \"$K1\" \"$K2\""});
  command.cwd = dir;
  command.env = {{"K1", "a b'c$(x)\n`y`"}, {"K2", ""}};
  CommandResult result = run_local(Command::shell(remote_command_line(command, false)));
  ASSERT_TRUE(result.ok()) << result.err;
  EXPECT_EQ(result.out, dir + "\na b'c$(x)\n`y`|");
}

TEST(RemoteCommandLine, CwdAndEnvApplyToAScriptUnderARealShell) {
  std::string dir = make_temp_dir("-starts-with-dash");
  Command command = Command::shell("pwd -P; printf '%s' \"$GREETING\"; exit 4");
  command.cwd = dir;
  command.env = {{"GREETING", "héllo 'world'"}};
  CommandResult result = run_local(Command::shell(remote_command_line(command, false)));
  EXPECT_EQ(result.exit_status, 4) << result.err;
  EXPECT_EQ(result.out, dir + "\nhéllo 'world'");
}

TEST(RemoteCommandLine, MissingCwdStopsTheCommand) {
  Command command = Command::of({"touch", "should-not-exist"});
  command.cwd = "/nonexistent/faultline";
  CommandResult result = run_local(Command::shell(remote_command_line(command, false)));
  EXPECT_NE(result.exit_status, 0);
}

}  // namespace
}  // namespace faultline
