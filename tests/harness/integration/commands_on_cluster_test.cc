// `faultline exec` and `faultline doctor` as a user runs them, against a real
// local cluster of namespace nodes with real sshd (needs root).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <string>

#include "harness/cluster/local_cluster.h"
#include "harness/cluster/local_process.h"
#include "tests/support/cluster_suite.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

using CommandRun = testing::BinaryRun;

CommandRun faultline(const std::string& args) {
  return testing::run_faultline(FAULTLINE_BINARY, args);
}

class CommandsOnCluster : public testing::ClusterSuite<CommandsOnCluster> {
 public:
  static constexpr testing::ClusterSpec kCluster{"h1cli", "10.213.41.0/24", 3};
};

TEST_F(CommandsOnCluster, ExecRunsOnEveryNodeAndShowsOutputUnderItsName) {
  CommandRun r = faultline("exec --nodes-file " + nodes_->path + " -- hostname");
  EXPECT_EQ(r.status, 0) << r.out;
  for (const char* node : {"n1", "n2", "n3"}) {
    EXPECT_NE(r.out.find(std::string("== ") + node + "\n" + node + "\n"), std::string::npos)
        << r.out;
  }
}

TEST_F(CommandsOnCluster, ExecPassesHostileArgumentsLiterally) {
  // Arguments a shell would split or expand arrive as one literal word each.
  CommandRun r = faultline("exec --nodes-file " + nodes_->path +
                           " --nodes n2 -- printf '<%s>\\n' 'a b' '$(id)' '`id`' \"it's\" ';x'");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("<a b>\n<$(id)>\n<`id`>\n<it's>\n<;x>\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("== n1"), std::string::npos) << "only n2 was asked";
}

TEST_F(CommandsOnCluster, ExecFailingOnOneNodeNamesItAndExitsOne) {
  CommandRun r =
      faultline("exec --nodes-file " + nodes_->path + " -- sh -c 'test \"$(hostname)\" != n3'");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("== n3 (exit 1)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("== n1\n"), std::string::npos) << r.out;
}

TEST_F(CommandsOnCluster, UnknownNodeNameIsAnErrorWithASuggestion) {
  CommandRun r = faultline("exec --nodes-file " + nodes_->path + " --nodes n1,n33 -- true");
  EXPECT_EQ(r.status, 255) << r.out;
  EXPECT_NE(r.out.find("n33"), std::string::npos) << r.out;
}

TEST_F(CommandsOnCluster, DoctorFindsEveryNodeReadyAndReportsNetem) {
  CommandRun r = faultline("doctor --nodes-file " + nodes_->path);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("every node is ready"), std::string::npos) << r.out;
  for (const char* check : {"reachable", "sudo", "iptables", "netem", "clock", "disk"}) {
    EXPECT_NE(r.out.find(check), std::string::npos) << check << "\n" << r.out;
  }
}

TEST_F(CommandsOnCluster, ZZUnreachableNodeIsNamedWithAFix) {
  // Runs last (by name): stops n3's sshd for good.
  CommandResult killed = run_local(
      Command::of({"sh", "-c", "kill $(cat " + nodes_->local_cluster + "/nodes/n3/sshd.pid)"}));
  ASSERT_TRUE(killed.ok()) << killed.err;
  usleep(200'000);
  CommandRun r = faultline("exec --nodes-file " + nodes_->path + " -- true");
  EXPECT_EQ(r.status, 255) << r.out;
  EXPECT_NE(r.out.find("== n3: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fix"), std::string::npos) << r.out;
  CommandRun doctor = faultline("doctor --nodes-file " + nodes_->path);
  EXPECT_EQ(doctor.status, 1) << doctor.out;
  EXPECT_NE(doctor.out.find("FAIL  reachable"), std::string::npos) << doctor.out;
}

}  // namespace
}  // namespace faultline
