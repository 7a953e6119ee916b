// The `faultline nemesis loss|bandwidth|delay` commands, on fake remotes.
#include <gtest/gtest.h>

#include <sstream>

#include "harness/cli/network_nemesis_command.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;

const std::map<std::string, std::string> kAddresses{{"n1", "10.0.0.11"}, {"n2", "10.0.0.12"}};

struct Printed {
  int status;
  std::string out, err;
};

Printed run(const NetworkFaultRequest& request, std::vector<Remote*> remotes) {
  std::ostringstream out, err;
  int status = run_network_fault(request, remotes, kAddresses, "nodes.yaml", out, err);
  return {status, out.str(), err.str()};
}

// What `faultline nemesis ARGS` does up to opening the nodes file.
int parse_and_run(const std::string& args) {
  CLI::App app;
  CLI::App* nemesis = app.add_subcommand("nemesis");
  std::function<int()> chosen;
  add_network_nemesis_commands(*nemesis, &chosen);
  app.parse(args, false);
  return chosen ? chosen() : -1;
}

TEST(TrafficCommand, LossPrintsWhatItDidAndHowToUndo) {
  FakeRemote n1("n1"), n2("n2");
  Printed p = run({"loss", 20, "", {}}, {&n1, &n2});
  EXPECT_EQ(p.status, 0) << p.err;
  EXPECT_NE(p.out.find("loss 20%: n1, n2 drop 20% of the packets they get from the other "
                       "cluster nodes"),
            std::string::npos)
      << p.out;
  EXPECT_NE(p.out.find(R"(fault: {"kind":"loss","nodes":["n1","n2"],"value":{"from":)"),
            std::string::npos)
      << p.out;
  EXPECT_NE(p.out.find("undo with: faultline heal --nodes-file nodes.yaml"), std::string::npos);
}

TEST(TrafficCommand, BandwidthPrintsTheRateItSet) {
  FakeRemote n1("n1");
  n1.on("ip -o route get", FakeRemote::exits(0, "10.0.0.12 dev eth0 src 10.0.0.11\n"));
  Printed p = run({"bandwidth", 0, "1mbps", {}}, {&n1});
  EXPECT_EQ(p.status, 0) << p.err;
  EXPECT_NE(p.out.find("bandwidth 8mbit: n1 send at most 8mbit"), std::string::npos) << p.out;
  EXPECT_NE(p.out.find(R"("rate_bits_per_second":8000000)"), std::string::npos) << p.out;
}

TEST(TrafficCommand, DelayWithoutNetemAnywhereSaysSoAndFails) {
  FakeRemote n1("n1"), n2("n2");
  for (FakeRemote* n : {&n1, &n2}) n->on("faultline-nt", FakeRemote::exits(10));
  Printed p = run({"delay", 0, "", Netem{100, 10, 1}}, {&n1, &n2});
  EXPECT_EQ(p.status, 255);
  EXPECT_NE(p.out.find("note: n1: this kernel has no netem (sch_netem): delay 100ms"),
            std::string::npos)
      << p.out;
  EXPECT_NE(p.out.find("note: n2: this kernel has no netem"), std::string::npos) << p.out;
  EXPECT_EQ(p.out.find("fault:"), std::string::npos) << "nothing may be claimed: " << p.out;
  EXPECT_NE(p.err.find("no fault applied on any node"), std::string::npos) << p.err;
}

TEST(TrafficCommand, APartialFaultExitsNonZeroButPrintsWhatIsInForce) {
  FakeRemote n1("n1"), n2("n2");
  n2.on("faultline-loss",
        RemoteError{"", RemoteErrorKind::kDisconnected, "the session dropped", ""});
  Printed p = run({"loss", 30, "", {}}, {&n1, &n2});
  EXPECT_EQ(p.status, 255);
  EXPECT_NE(p.out.find("loss 30%: n1 drop"), std::string::npos) << p.out;
  EXPECT_NE(p.err.find("n2"), std::string::npos) << p.err;
}

TEST(TrafficCommand, BadRequestsAreRefusedBeforeAnyNodeIsOpened) {
  EXPECT_EQ(parse_and_run("nemesis loss --percent 0 --nodes-file /nonexistent.yaml"), 254);
  EXPECT_EQ(parse_and_run("nemesis bandwidth --rate 8xbit --nodes-file /nonexistent.yaml"), 254);
  EXPECT_EQ(parse_and_run("nemesis delay --reorder 5 --nodes-file /nonexistent.yaml"), 254);
  EXPECT_EQ(parse_and_run("nemesis netem --nodes-file /nonexistent.yaml"), 254);
  // A good request gets as far as the nodes file.
  EXPECT_EQ(parse_and_run("nemesis delay --ms 10 --nodes-file /nonexistent.yaml"), 255);
  EXPECT_EQ(check_network_fault({"bandwidth", 0, "8xbit", {}}).rfind("--rate: rate '8xbit'", 0),
            0u);
}

}  // namespace
}  // namespace faultline
