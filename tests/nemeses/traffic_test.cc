#include "nemeses/traffic.h"

#include <gtest/gtest.h>

#include "nemeses/tc.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;

const std::map<std::string, std::string> kAddresses{{"n1", "10.0.0.11"}, {"n2", "10.0.0.12"}};

// n1 routes to n2 over eth0, n2 to n1 over ens3.
void route(FakeRemote& n1, FakeRemote& n2) {
  n1.on("ip -o route get", FakeRemote::exits(0, "10.0.0.12 dev eth0 src 10.0.0.11 uid 0\n"));
  n2.on("ip -o route get", FakeRemote::exits(0, "10.0.0.11 dev ens3 src 10.0.0.12 uid 0\n"));
}

bool ran(const FakeRemote& remote, const std::string& part) {
  for (const std::string& line : remote.command_lines()) {
    if (line.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(Traffic, NodesWithoutNetemAreNamedAndNotClaimed) {
  FakeRemote n1("n1"), n2("n2");
  route(n1, n2);
  n2.on("faultline-nt",
        FakeRemote::exits(kNoNetemStatus, "", "Error: Specified qdisc kind is unknown."));
  FaultOutcome o = apply_netem({&n1, &n2}, Netem{100, 10}, kAddresses);
  EXPECT_TRUE(o.ok()) << o.errors[0];
  EXPECT_EQ(o.fault.kind, "netem");
  EXPECT_EQ(o.fault.nodes, (std::vector<std::string>{"n1"}));
  EXPECT_EQ(o.notes, (std::vector<std::string>{
                         "n2: this kernel has no netem (sch_netem): delay 100ms jitter 10ms "
                         "(normal) not applied"}));
  EXPECT_EQ(o.fault.value, nlohmann::json::parse(R"({"delay_ms":100,"jitter_ms":10,
      "distribution":"normal","nodes":["n1"],"devices":{"n1":["eth0"]},"handle":"fa17:"})"));
  EXPECT_TRUE(ran(n1, "parent fa17:1 handle fa18: netem delay 100ms 10ms distribution normal"));
  EXPECT_EQ(n2.command_lines(), (std::vector<std::string>{*probe_netem().script}));
}

TEST(Traffic, ABandwidthLimitShapesTowardsTheOtherNodesOnTheirDevice) {
  FakeRemote n1("n1"), n2("n2");
  route(n1, n2);
  FaultOutcome o = apply_bandwidth({&n1, &n2}, 8'000'000, kAddresses);
  EXPECT_TRUE(o.ok());
  EXPECT_EQ(o.fault.kind, "bandwidth");
  EXPECT_EQ(o.fault.nodes, (std::vector<std::string>{"n1", "n2"}));
  EXPECT_EQ(o.fault.value, nlohmann::json::parse(R"({"rate":"8mbit","rate_bits_per_second":8000000,
      "nodes":["n1","n2"],"devices":{"n1":["eth0"],"n2":["ens3"]},"handle":"fa17:"})"));
  EXPECT_FALSE(ran(n1, "faultline-nt")) << "no netem probe for a bandwidth limit";
  EXPECT_EQ(n1.command_lines().back(),
            *shape_egress({{"eth0", {"10.0.0.12"}}}, TrafficShape{8'000'000, std::nullopt}).script);
  EXPECT_EQ(n2.command_lines().back(),
            *shape_egress({{"ens3", {"10.0.0.11"}}}, TrafficShape{8'000'000, std::nullopt}).script);
}

TEST(Traffic, AFailedShapeIsReportedAndRemoved) {
  FakeRemote n1("n1"), n2("n2");
  route(n1, n2);
  n2.on("htb default 0", FakeRemote::exits(2, "", "Error: Exclusivity flag on, cannot modify."));
  FaultOutcome o = apply_bandwidth({&n1, &n2}, 1'000'000, kAddresses);
  EXPECT_EQ(o.fault.nodes, (std::vector<std::string>{"n1"}));
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].find("n2"), std::string::npos) << o.errors[0];
  EXPECT_NE(o.errors[0].find("Exclusivity flag"), std::string::npos) << o.errors[0];
  EXPECT_EQ(n2.command_lines().back(), *unshape_all().script);
}

TEST(Traffic, ADestinationWithoutARouteIsAnError) {
  FakeRemote n1("n1");
  n1.on("ip -o route get", FakeRemote::exits(2, "", "RTNETLINK answers: Network is unreachable"));
  FaultOutcome o = apply_bandwidth({&n1}, 1'000'000, kAddresses);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].find("n1: no route to 10.0.0.12"), std::string::npos) << o.errors[0];
  EXPECT_NE(o.errors[0].find("Network is unreachable"), std::string::npos) << o.errors[0];
  EXPECT_TRUE(o.fault.nodes.empty());
  EXPECT_FALSE(ran(n1, "tc qdisc add"));
}

TEST(Traffic, AProbeThatCannotTellIsAnError) {
  FakeRemote n1("n1");
  n1.on("faultline-nt", FakeRemote::exits(3, "", "Error: Unknown device type."));
  FaultOutcome o = apply_netem({&n1}, Netem{0, 0, 5}, kAddresses);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].find("could not tell whether the kernel has netem"), std::string::npos);
  EXPECT_NE(o.errors[0].find("Unknown device type"), std::string::npos) << o.errors[0];
  EXPECT_TRUE(o.notes.empty());
}

TEST(Traffic, BadNetemTouchesNoNode) {
  FakeRemote n1("n1");
  FaultOutcome o = apply_netem({&n1}, Netem{0, 0, 0, 10}, kAddresses);
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].find("--reorder needs --ms"), std::string::npos);
  EXPECT_TRUE(n1.commands().empty());
}

TEST(Traffic, ALoneNodeHasNothingToShape) {
  FakeRemote n1("n1");
  FaultOutcome o = apply_bandwidth({&n1}, 1'000'000, {{"n1", "10.0.0.11"}});
  EXPECT_TRUE(o.ok());
  EXPECT_TRUE(o.fault.nodes.empty());
  EXPECT_EQ(o.notes,
            (std::vector<std::string>{"n1: no other nodes: bandwidth limit 1mbit not applied"}));
}

TEST(Traffic, HealRemovesFaultlinesQdiscsOnEveryNode) {
  FakeRemote n1("n1"), n2("n2");
  auto healed = heal_traffic_control({&n1, &n2});
  EXPECT_TRUE(all_succeeded(healed));
  EXPECT_EQ(n1.command_lines(), (std::vector<std::string>{*unshape_all().script}));
  EXPECT_EQ(n2.command_lines(), (std::vector<std::string>{*unshape_all().script}));
}

}  // namespace
}  // namespace faultline
