#include "harness/remote/parallel.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;
using testing::FakeRemote;
using testing::FakeTransfer;

// Fake nodes n1..n<count>, and the Remote pointers on_nodes() takes.
struct FakeCluster {
  explicit FakeCluster(int count) {
    for (int i = 1; i <= count; ++i) {
      nodes.push_back(std::make_unique<FakeRemote>("n" + std::to_string(i)));
      remotes.push_back(nodes.back().get());
    }
  }
  FakeRemote& node(int number) { return *nodes[number - 1]; }
  std::vector<std::unique_ptr<FakeRemote>> nodes;
  std::vector<Remote*> remotes;
};

TEST(Parallel, ResultsComeInTheRemotesOrderWhateverOrderTheyFinishIn) {
  FakeCluster cluster(5);
  for (int i = 1; i <= 5; ++i) {
    cluster.node(i).set_latency(milliseconds(10 * (5 - i)));  // n5 answers first
    cluster.node(i).on("hostname", FakeRemote::exits(0, "n" + std::to_string(i)));
  }
  auto outcomes = run_on_nodes(cluster.remotes, Command::of({"hostname"}));
  ASSERT_EQ(outcomes.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    std::string name = "n" + std::to_string(i + 1);
    EXPECT_EQ(outcomes[i].node, name);
    ASSERT_TRUE(outcomes[i].result.ok());
    EXPECT_EQ(outcomes[i].result->out, name);
  }
  EXPECT_TRUE(all_succeeded(outcomes));
  EXPECT_EQ(describe_failures(outcomes, Command::of({"hostname"})), "");
}

TEST(Parallel, RunsTheNodesAtTheSameTime) {
  FakeCluster cluster(4);
  // One after the other would take 4 s; a slow machine still stays far below.
  for (auto& node : cluster.nodes) node->set_latency(milliseconds(1000));
  auto start = std::chrono::steady_clock::now();
  run_on_nodes(cluster.remotes, Command::of({"true"}));
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(3000));
}

TEST(Parallel, EveryNodeGetsTheSameCommand) {
  FakeCluster cluster(3);
  Command command = Command::of({"iptables", "-w", "-S"});
  command.sudo = true;
  run_on_nodes(cluster.remotes, command);
  for (auto& node : cluster.nodes) {
    ASSERT_EQ(node->commands().size(), 1u);
    EXPECT_EQ(node->command_lines(), std::vector<std::string>{"iptables -w -S"});
    EXPECT_TRUE(node->commands()[0].sudo);
  }
}

TEST(Parallel, OneFailedNodeIsNamedWithCommandStatusAndStderrTail) {
  FakeCluster cluster(3);
  cluster.node(2).on("systemctl", FakeRemote::exits(3, "", "warming up\nunit etcd not found\n"));
  Command command = Command::of({"systemctl", "start", "etcd"});
  auto outcomes = run_on_nodes(cluster.remotes, command);
  EXPECT_FALSE(all_succeeded(outcomes));
  EXPECT_TRUE(succeeded(outcomes[0]));
  EXPECT_FALSE(succeeded(outcomes[1]));
  EXPECT_EQ(describe_failures(outcomes, command),
            "n2: `systemctl start etcd` exited with status 3: warming up | unit etcd not found");
}

TEST(Parallel, EachFailedNodeGetsItsOwnLine) {
  FakeCluster cluster(4);
  cluster.node(1).on(
      "", RemoteError{"", RemoteErrorKind::kRefused, "connection refused", "start sshd on n1"});
  CommandResult timed_out = FakeRemote::exits(-1);
  timed_out.timed_out = true;
  cluster.node(3).on("", timed_out);
  cluster.node(4).on("", FakeRemote::exits(-1, "out only"));
  Command command = Command::shell("echo a\necho b");
  EXPECT_EQ(describe_failures(run_on_nodes(cluster.remotes, command), command),
            "n1: connection refused (fix: start sshd on n1)\n"
            "n3: `echo a\\necho b` timed out\n"
            "n4: `echo a\\necho b` was killed by a signal: out only");
}

TEST(Parallel, OnNodesRunsAnyActionAndReportsRemoteErrors) {
  FakeCluster cluster(3);
  cluster.node(3).fail_transfers(
      "/etc/", RemoteError{"", RemoteErrorKind::kTransfer, "permission denied", ""});
  auto outcomes = on_nodes<Done>(cluster.remotes, [](Remote& remote) {
    return remote.upload("/tmp/etcd.conf", "/etc/etcd.conf");
  });
  EXPECT_TRUE(outcomes[0].result.ok());
  EXPECT_FALSE(outcomes[2].result.ok());
  EXPECT_EQ(describe_failures(outcomes), "n3: permission denied");
  FakeTransfer expected{FakeTransfer::Direction::kUpload, "/tmp/etcd.conf", "/etc/etcd.conf"};
  EXPECT_EQ(cluster.node(1).transfers(), std::vector<FakeTransfer>{expected});
}

TEST(Parallel, AnExceptionInTheActionIsRethrownAfterEveryNodeFinished) {
  FakeCluster cluster(3);
  auto action = [](Remote& remote) -> RemoteResult<CommandResult> {
    if (remote.node() == "n2") throw std::logic_error("bug");
    return remote.run(Command::of({"true"}));
  };
  EXPECT_THROW(on_nodes<CommandResult>(cluster.remotes, action), std::logic_error);
  EXPECT_EQ(cluster.node(1).commands().size(), 1u);
  EXPECT_EQ(cluster.node(3).commands().size(), 1u);
}

TEST(Parallel, NoRemotesGiveNoOutcomes) {
  EXPECT_TRUE(run_on_nodes({}, Command::of({"true"})).empty());
}

TEST(FakeRemote, FirstMatchingRuleAnswersAndOnceRulesAreUsedUp) {
  FakeRemote node("n1");
  node.once("status", FakeRemote::exits(1, "", "starting"))
      .on("status", FakeRemote::exits(0, "running"))
      .on("", FakeRemote::exits(9));
  EXPECT_EQ(node.run(Command::of({"db", "status"}))->exit_status, 1);
  EXPECT_EQ(node.run(Command::of({"db", "status"}))->out, "running");
  EXPECT_EQ(node.run(Command::of({"other"}))->exit_status, 9);
  EXPECT_EQ(node.command_lines(), (std::vector<std::string>{"db status", "db status", "other"}));
}

TEST(FakeRemote, UnmatchedCommandsSucceedAndErrorsGetTheNodeName) {
  FakeRemote node("n7");
  EXPECT_TRUE(node.run(Command::of({"anything"}))->ok());
  node.on("ssh-only", RemoteError{"", RemoteErrorKind::kAuth, "", ""});
  auto result = node.run(Command::of({"ssh-only"}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().to_string(), "n7: authentication failed");
}

TEST(RemoteError, NamesTheNodeTheProblemAndTheFix) {
  RemoteError error{"n1", RemoteErrorKind::kSudoPassword, "sudo asked for a password",
                    "allow passwordless sudo for this user, or pass --sudo-password"};
  EXPECT_EQ(error.to_string(),
            "n1: sudo asked for a password (fix: allow passwordless sudo for this user, or pass "
            "--sudo-password)");
  EXPECT_EQ((RemoteError{"n2", RemoteErrorKind::kRefused, "connection refused", ""}).to_string(),
            "n2: connection refused");
  EXPECT_EQ((RemoteError{"", RemoteErrorKind::kTimeout, "", ""}).to_string(), "timed out");
}

TEST(CommandResult, TailPrefersStderrAndDropsTrailingBlankLines) {
  CommandResult result = FakeRemote::exits(1, "out\n", "first\nsecond\n\n");
  EXPECT_EQ(result.tail(), "first\nsecond");
  result.err = " \n";
  EXPECT_EQ(result.tail(), "out");
}

TEST(CommandResult, LongTailStartsAtALineBoundary) {
  CommandResult result = FakeRemote::exits(1, "", std::string(500, 'x') + "\nlast line\n");
  EXPECT_EQ(result.tail(20), "...last line");
}

TEST(CommandResult, LongTailNeverSplitsAUtf8Character) {
  std::string err;
  for (int i = 0; i < 100; ++i) err += "é";  // two bytes each, no newline
  std::string tail = FakeRemote::exits(1, "", err).tail(11);
  EXPECT_EQ(tail, "..." + err.substr(0, 10));
}

}  // namespace
}  // namespace faultline
