#include "nemeses/heal.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "nemeses/partition.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;

RemoteError refused(std::string message) {
  RemoteError error;
  error.kind = RemoteErrorKind::kRefused;
  error.message = std::move(message);
  return error;
}

Healer scripted(std::string name, std::string script) {
  return {name, [script](const std::vector<Remote*>& remotes) {
            return run_on_nodes(remotes, Command::shell(script));
          }};
}

TEST(HealAll, RunsEveryHealerOnEveryNodeAndReportsEach) {
  FakeRemote n1("n1"), n2("n2");
  n2.on("tc qdisc", FakeRemote::exits(0, "removed tbf on eth0\n"));
  const HealReport report = heal_all({&n1, &n2}, {scripted("network", "iptables heal"),
                                                  scripted("traffic-control", "tc qdisc del")});
  EXPECT_TRUE(report.ok());
  ASSERT_EQ(report.nodes.size(), 2u);
  EXPECT_EQ(report.nodes[1].node, "n2");
  EXPECT_EQ(n1.command_lines().size(), 2u);
  EXPECT_EQ(report.describe(),
            "n1 network: ok\n"
            "n1 traffic-control: ok\n"
            "n2 network: ok\n"
            "n2 traffic-control: ok: removed tbf on eth0\n");
  EXPECT_EQ(report.describe_failures(), "");
}

TEST(HealAll, AFailureOnOneNodeDoesNotStopTheOtherHealers) {
  FakeRemote n1("n1"), n2("n2");
  n1.on("iptables", refused("connection refused"));
  n2.on("tc qdisc", FakeRemote::exits(2, "", "RTNETLINK answers: Operation not permitted"));
  const HealReport report = heal_all({&n1, &n2}, {scripted("network", "iptables heal"),
                                                  scripted("traffic-control", "tc qdisc del")});
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(n1.command_lines().size(), 2u) << "traffic-control still ran on n1";
  EXPECT_EQ(report.describe_failures(),
            "n1 network: connection refused\n"
            "n2 traffic-control: failed (exit 2): RTNETLINK answers: Operation not permitted");
}

TEST(HealAll, AHealerThatThrowsFailsOnEveryNodeAndTheRestStillRun) {
  FakeRemote n1("n1");
  Healer broken{"broken",
                [](const std::vector<Remote*>&) -> std::vector<NodeOutcome<CommandResult>> {
                  throw std::logic_error("bug");
                }};
  const HealReport report = heal_all({&n1}, {broken, scripted("network", "iptables heal")});
  EXPECT_FALSE(report.ok());
  EXPECT_EQ(n1.command_lines().size(), 1u);
  EXPECT_EQ(report.describe_failures(), "n1 broken: healer threw: bug");
}

TEST(HealAll, DefaultHealersIncludeTheNetwork) {
  FakeRemote n1("n1");
  const HealReport report = heal_all({&n1});
  ASSERT_FALSE(report.nodes[0].steps.empty());
  EXPECT_EQ(report.nodes[0].steps[0].healer, "network");
  ASSERT_FALSE(n1.commands().empty());
  EXPECT_NE(n1.command_lines()[0].find("iptables"), std::string::npos);
}

}  // namespace
}  // namespace faultline
