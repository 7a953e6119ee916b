#include "nemeses/tc.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

using Args = std::vector<std::string>;

TEST(Tc, NetemArgumentsCarryEveryPartThatIsSet) {
  EXPECT_EQ(netem_arguments({100, 10, 1, 25, 0.1}),
            (Args{"netem", "delay", "100ms", "10ms", "distribution", "normal", "duplicate", "1%",
                  "reorder", "25%", "corrupt", "0.1%"}));
  EXPECT_EQ(netem_arguments({30, 0, 0, 0, 0}), (Args{"netem", "delay", "30ms"}));
  EXPECT_EQ(netem_arguments({0, 0, 0, 0, 2}), (Args{"netem", "corrupt", "2%"}));
}

TEST(Tc, ABandwidthLimitIsAnHtbClassForTheDestinationsOnly) {
  auto commands = shape_device_commands("eth0", {"10.0.0.12", "10.0.0.13"},
                                        TrafficShape{8'000'000, std::nullopt});
  EXPECT_EQ(
      commands,
      (std::vector<Args>{
          {"tc", "qdisc", "add", "dev", "eth0", "root", "handle", "fa17:", "htb", "default", "0"},
          {"tc", "class", "add", "dev", "eth0", "parent", "fa17:", "classid", "fa17:1", "htb",
           "rate", "8mbit", "ceil", "8mbit", "quantum", "60000"},
          {"tc", "filter", "add", "dev", "eth0", "parent", "fa17:", "protocol", "ip", "prio", "1",
           "u32", "match", "ip", "dst", "10.0.0.12/32", "flowid", "fa17:1"},
          {"tc", "filter", "add", "dev", "eth0", "parent", "fa17:", "protocol", "ip", "prio", "1",
           "u32", "match", "ip", "dst", "10.0.0.13/32", "flowid", "fa17:1"}}));
}

TEST(Tc, NetemIsTheLeafOfAnUnlimitedClass) {
  auto commands =
      shape_device_commands("ens3", {"10.0.0.12"}, TrafficShape{std::nullopt, Netem{100, 10}});
  ASSERT_EQ(commands.size(), 4u);
  EXPECT_EQ(commands[1][11], "10gbit");  // rate: the class does not limit
  EXPECT_EQ(commands[3],
            (Args{"tc", "qdisc", "add", "dev", "ens3", "parent", "fa17:1", "handle",
                  "fa18:", "netem", "delay", "100ms", "10ms", "distribution", "normal"}));
}

TEST(Tc, ShapingReplacesOnlyFaultlinesOwnRootOnEachDevice) {
  Command c = shape_egress({{"eth0", {"10.0.0.12"}}, {"eth1", {"10.1.0.5"}}},
                           TrafficShape{1'000'000, std::nullopt});
  ASSERT_TRUE(c.script);
  EXPECT_TRUE(c.sudo);
  const std::string& s = *c.script;
  EXPECT_EQ(s.rfind("set -e\n", 0), 0u);
  EXPECT_NE(s.find("tc qdisc del dev eth0 root handle fa17: 2>/dev/null || true\n"
                   "tc qdisc add dev eth0 root handle fa17: htb default 0\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("match ip dst 10.1.0.5/32 flowid fa17:1"), std::string::npos) << s;
  EXPECT_NE(s.find("tc class add dev eth1 parent fa17: classid fa17:1 htb rate 1mbit"),
            std::string::npos)
      << s;
}

TEST(Tc, DeviceNamesAreQuotedOnce) {
  Command c = shape_egress({{"we'ird", {"10.0.0.12"}}}, TrafficShape{1'000'000, std::nullopt});
  EXPECT_NE(c.script->find("dev 'we'\\''ird' root"), std::string::npos) << *c.script;
}

TEST(Tc, TheNetemProbeUsesAThrowawayVethAndTellsMissingFromBroken) {
  Command c = probe_netem();
  ASSERT_TRUE(c.script);
  EXPECT_TRUE(c.sudo);
  const std::string& s = *c.script;
  EXPECT_NE(s.find("ip link add faultline-nt type veth peer name faultline-nt1"),
            std::string::npos);
  EXPECT_NE(s.find("tc qdisc add dev faultline-nt root netem delay 1ms"), std::string::npos);
  EXPECT_NE(s.find("*nknown*"), std::string::npos);
  EXPECT_NE(s.find("status=10"), std::string::npos);
  EXPECT_NE(s.find("ip link del faultline-nt\nexit $status"), std::string::npos) << s;
}

TEST(Tc, RouteDevicesAreReadFromIpRouteGet) {
  Command c = route_devices({"10.0.0.12", "10.0.0.13"});
  EXPECT_EQ(*c.script, "ip -o route get 10.0.0.12\nip -o route get 10.0.0.13\n");
  auto devices = parse_route_devices(
      "10.0.0.12 dev eth0 src 10.0.0.11 uid 0 \\    cache \n"
      "10.0.0.13 via 10.0.0.1 dev ens3 src 10.0.0.11 uid 0 \\    cache \n"
      "local 10.0.0.11 dev lo table local src 10.0.0.11 uid 0 \\    cache <local> \n"
      "garbage\n");
  EXPECT_EQ(devices, (std::map<std::string, std::string>{
                         {"10.0.0.12", "eth0"}, {"10.0.0.13", "ens3"}, {"10.0.0.11", "lo"}}));
}

TEST(Tc, UnshapingDeletesOnlyRootsWithFaultlinesHandleAndTheProbeDevice) {
  Command c = unshape_all();
  ASSERT_TRUE(c.script);
  EXPECT_TRUE(c.sudo);
  const std::string& s = *c.script;
  EXPECT_NE(s.find("tc qdisc show | awk '$3 == \"fa17:\" && $6 == \"root\" {print $5}'"),
            std::string::npos)
      << s;
  EXPECT_NE(
      s.find("tc qdisc del dev \"$dev\" root handle fa17:\n  echo \"removed qdisc fa17: on $dev\""),
      std::string::npos)
      << s;
  EXPECT_NE(s.find("ip link del faultline-nt 2>/dev/null || true"), std::string::npos) << s;
  EXPECT_EQ(list_qdiscs().argv, (Args{"tc", "qdisc", "show"}));
}

}  // namespace
}  // namespace faultline
