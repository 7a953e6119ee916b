// What a remote command's result means when it could not run at all, and the
// sudo password kept out of every message.
#include "harness/remote/ssh_diagnosis.h"

#include <gtest/gtest.h>

#include <string>

namespace faultline {
namespace {

CommandResult failed(int status, std::string err) {
  CommandResult result;
  result.exit_status = status;
  result.err = std::move(err);
  return result;
}

Command sudo_command(std::vector<std::string> argv) {
  Command command = Command::of(std::move(argv));
  command.sudo = true;
  return command;
}

TEST(MissingTool, FindsTheProgramInWhatShellsEnvAndSudoSay) {
  const struct {
    std::string err;
    std::string tool;
  } cases[] = {
      {"bash: line 1: etcd: command not found\n", "etcd"},
      {"sh: 1: iptables: not found\n", "iptables"},
      {"env: 'tc': No such file or directory\n", "tc"},
      {"env: \u2018tc\u2019: No such file or directory\n", "tc"},
      {"sudo: faketime: command not found\n", "faketime"},
      {"timeout: failed to run command 'etcd': No such file or directory\n", "etcd"},
      {"timeout: failed to run command \u2018etcd\u2019: No such file or directory\n", "etcd"},
      {"timeout: can't execute 'etcd': No such file or directory\n", "etcd"},
      {"some noise\nbash: /usr/sbin/ip: command not found\n", "/usr/sbin/ip"},
      {"cat: x: No such file or directory\n", ""},
      {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(missing_tool(c.err), c.tool) << c.err;
}

TEST(DiagnoseCommand, AMissingProgramIsToolMissingWithThePackageToInstall) {
  auto error = diagnose_command("n1", "FAULTLINE_SUDO_PASSWORD", Command::of({"etcd"}),
                                failed(127, "bash: line 1: etcd: command not found\n"));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->kind, RemoteErrorKind::kToolMissing);
  EXPECT_EQ(error->node, "n1");
  EXPECT_NE(error->fix.find("apt-get install etcd"), std::string::npos) << error->fix;
}

TEST(DiagnoseCommand, OneWordWithBlanksIsNoProgramAndNoPackageToInstall) {
  auto error = diagnose_command("n1", "FAULTLINE_SUDO_PASSWORD", Command::of({"ls -l /tmp"}),
                                failed(127, "bash: line 1: ls -l /tmp: command not found\n"));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->kind, RemoteErrorKind::kToolMissing);
  EXPECT_EQ(error->message,
            "no program is named 'ls -l /tmp' (running `'ls -l /tmp'`): the whole text was taken "
            "as the program's name");
  EXPECT_EQ(error->fix,
            "give the program and its arguments as separate words (-- ls -l /tmp), or run it as "
            "a shell command line (-- sh -c 'ls -l /tmp')");
  EXPECT_EQ(error->fix.find("apt-get"), std::string::npos);
}

TEST(DiagnoseCommand, SudoFailuresNameTheVariableToSet) {
  const struct {
    std::string err;
    std::string message;
  } cases[] = {
      {"sudo: a password is required\n", "sudo asked for a password"},
      {"sudo: 1 incorrect password attempt\n", "sudo rejected the password"},
      {"alice is not in the sudoers file.\n", "the login user may not use sudo"},
  };
  for (const auto& c : cases) {
    auto error = diagnose_command("n2", "MY_PW", sudo_command({"true"}), failed(1, c.err));
    ASSERT_TRUE(error) << c.err;
    EXPECT_EQ(error->kind, RemoteErrorKind::kSudoPassword);
    EXPECT_NE(error->message.find(c.message), std::string::npos) << error->message;
    if (c.message != "the login user may not use sudo") {
      EXPECT_NE(error->fix.find("MY_PW"), std::string::npos) << error->fix;
    }
  }
}

TEST(DiagnoseCommand, AnOrdinaryFailureIsAResultNotAnError) {
  EXPECT_FALSE(diagnose_command("n1", "X", Command::of({"false"}), failed(1, "")));
  EXPECT_FALSE(diagnose_command("n1", "X", sudo_command({"grep", "x"}), failed(1, "")));
  EXPECT_FALSE(diagnose_command("n1", "X", Command::of({"sh"}), failed(127, "exit 127 by hand")));
}

TEST(Redacted, ReplacesEveryOccurrenceOfTheSecret) {
  EXPECT_EQ(redacted("pw=hunter2 again hunter2", "hunter2"), "pw=*** again ***");
  EXPECT_EQ(redacted("no secret here", "hunter2"), "no secret here");
  EXPECT_EQ(redacted("text", ""), "text");
  EXPECT_EQ(redacted("aaaa", "aa"), "******");
  EXPECT_EQ(redacted("***x", "*"), "*********x");  // the replacement is not searched again
}

TEST(Redacted, AnErrorThatQuotesTheSecretKeepsNoTraceOfIt) {
  // sudo quoting what it read, or a program echoing its input to stderr.
  const std::string password = "correct horse";
  auto error = diagnose_command("n3", "FAULTLINE_SUDO_PASSWORD", sudo_command({"id"}),
                                failed(1, "user is not allowed to run " + password + "\n"));
  ASSERT_TRUE(error);
  ASSERT_NE(error->to_string().find(password), std::string::npos) << "the test needs the echo";
  RemoteError clean = redacted(*error, password);
  EXPECT_EQ(clean.to_string().find(password), std::string::npos) << clean.to_string();
  EXPECT_NE(clean.to_string().find("***"), std::string::npos);
  EXPECT_EQ(clean.node, "n3");
  EXPECT_EQ(clean.kind, RemoteErrorKind::kSudoPassword);
}

}  // namespace
}  // namespace faultline
