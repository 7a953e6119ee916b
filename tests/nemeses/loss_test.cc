#include "nemeses/loss.h"

#include <gtest/gtest.h>

#include "nemeses/iptables.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;

const std::map<std::string, std::string> kAddresses{
    {"n1", "10.0.0.11"}, {"n2", "10.0.0.12"}, {"n3", "10.0.0.13"}};

// The chain a command works on, and the iptables-restore lines it gives the script.
TEST(Loss, RandomDropsGoInTheLossChainSoAPartitionStays) {
  Command c = drop_randomly_from({"10.0.0.12", "10.0.0.13"}, 0.3);
  EXPECT_TRUE(c.sudo);
  ASSERT_EQ(c.argv.size(), 5u);
  EXPECT_EQ(c.argv[3], "faultline-loss");
  EXPECT_NE(c.argv[2].find("iptables-restore -w --noflush"), std::string::npos);
  EXPECT_EQ(c.argv[4],
            "-A faultline-loss -s 10.0.0.12 -m statistic --mode random --probability 0.300000 "
            "-j DROP\n"
            "-A faultline-loss -s 10.0.0.13 -m statistic --mode random --probability 0.300000 "
            "-j DROP\n");
  Command partition = drop_from({"10.0.0.12"});
  EXPECT_EQ(partition.argv[3], "faultline");
  EXPECT_EQ(partition.argv[4], "-A faultline -s 10.0.0.12 -j DROP\n");
}

TEST(Loss, HealRemovesBothChainsAndStopLossOnlyTheLossChain) {
  const Command heal = heal_iptables();
  EXPECT_EQ(std::vector<std::string>(heal.argv.begin() + 4, heal.argv.end()),
            (std::vector<std::string>{"faultline", "faultline-loss"}));
  const Command stop = stop_loss();
  EXPECT_EQ(std::vector<std::string>(stop.argv.begin() + 4, stop.argv.end()),
            (std::vector<std::string>{"faultline-loss"}));
  EXPECT_EQ(heal.argv[2], stop.argv[2]);  // the same script
  const Command list = list_fault_rules();
  EXPECT_EQ(std::vector<std::string>(list.argv.begin() + 4, list.argv.end()),
            (std::vector<std::string>{"faultline", "faultline-loss"}));
}

TEST(Loss, EachNodeDropsFromEveryOtherNodeButItself) {
  EXPECT_EQ(other_addresses("n2", kAddresses),
            (std::vector<std::string>{"10.0.0.11", "10.0.0.13"}));
  auto commands = loss_commands(20, {"n1", "n3"}, kAddresses);
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands.at("n1").script, drop_randomly_from({"10.0.0.12", "10.0.0.13"}, 0.2).script);
  EXPECT_EQ(commands.at("n3").script, drop_randomly_from({"10.0.0.11", "10.0.0.12"}, 0.2).script);
}

TEST(Loss, PercentMustBeAboveZeroAndAtMostHundred) {
  EXPECT_EQ(check_loss_percent(100), "");
  EXPECT_EQ(check_loss_percent(0.5), "");
  for (double bad : {0.0, -5.0, 100.5}) {
    EXPECT_NE(check_loss_percent(bad).find("--percent"), std::string::npos) << bad;
  }
}

TEST(Loss, OutcomeRecordsExactlyWhereItWentIn) {
  FakeRemote n1("n1"), n2("n2");
  n2.on("faultline-loss",
        FakeRemote::exits(4, "", "iptables: No chain/target/match by that name."));
  FaultOutcome o = apply_loss({&n1, &n2}, 30, kAddresses);
  EXPECT_EQ(o.fault.kind, "loss");
  EXPECT_EQ(o.fault.nodes, (std::vector<std::string>{"n1"}));
  EXPECT_EQ(o.fault.value, nlohmann::json::parse(R"({"percent":30,"probability":0.3,
      "nodes":["n1"],"from":{"n1":["10.0.0.12","10.0.0.13"]}})"));
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].find("n2"), std::string::npos) << o.errors[0];
  EXPECT_NE(o.errors[0].find("No chain"), std::string::npos) << o.errors[0];
  EXPECT_EQ(
      n1.command_lines(),
      (std::vector<std::string>{drop_randomly_from({"10.0.0.12", "10.0.0.13"}, 0.3).describe()}));
}

TEST(Loss, ABadPercentTouchesNoNode) {
  FakeRemote n1("n1");
  FaultOutcome o = apply_loss({&n1}, 0, kAddresses);
  EXPECT_FALSE(o.ok());
  EXPECT_TRUE(o.fault.nodes.empty());
  EXPECT_TRUE(n1.commands().empty());
}

}  // namespace
}  // namespace faultline
