// The partition's and the loss's iptables commands, against literal rules
// written by hand (not taken from the code under test), and the scripts run
// by a real shell against a fake iptables that records what it was fed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "harness/remote/shell.h"
#include "nemeses/iptables.h"
#include "nemeses/partition.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string> kAddresses{
    {"n1", "10.0.0.1"}, {"n2", "10.0.0.2"}, {"n3", "10.0.0.3"}};

// n1 | n2 n3, both ways, written out.
const Grudge kHalves{{"n1", {"n2", "n3"}}, {"n2", {"n1"}}, {"n3", {"n1"}}};

// The rules argument a chain-filling command hands to its script.
std::string rules_of(const Command& command) {
  EXPECT_EQ(command.argv.size(), 5u);
  return command.argv.size() == 5 ? command.argv[4] : "";
}

TEST(PartitionCommands, EachNodeDropsExactlyTheAddressesItHoldsAGrudgeAgainst) {
  const std::map<std::string, Command> commands = partition_commands(kHalves, kAddresses);
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(rules_of(commands.at("n1")),
            "-A faultline -s 10.0.0.2 -j DROP\n"
            "-A faultline -s 10.0.0.3 -j DROP\n");
  EXPECT_EQ(rules_of(commands.at("n2")), "-A faultline -s 10.0.0.1 -j DROP\n");
  EXPECT_EQ(rules_of(commands.at("n3")), "-A faultline -s 10.0.0.1 -j DROP\n");
  for (const auto& [node, command] : commands) {
    EXPECT_TRUE(command.sudo) << node;
    EXPECT_EQ(command.argv.at(3), "faultline") << node << ": the chain is $0";
  }
}

TEST(PartitionCommands, ANodeWithoutAGrudgeGetsAnEmptyChain) {
  const Grudge one_way{{"n1", {"n3"}}};
  const std::map<std::string, Command> commands = partition_commands(one_way, kAddresses);
  EXPECT_EQ(rules_of(commands.at("n1")), "-A faultline -s 10.0.0.3 -j DROP\n");
  EXPECT_EQ(rules_of(commands.at("n2")), "");
  EXPECT_EQ(rules_of(commands.at("n3")), "") << "a one-way grudge: n3 still hears n1";
}

TEST(PartitionCommands, LossDropsAShareInItsOwnChain) {
  EXPECT_EQ(
      rules_of(drop_randomly_from({"10.0.0.2", "10.0.0.3"}, 0.3)),
      "-A faultline-loss -s 10.0.0.2 -m statistic --mode random --probability 0.300000 -j DROP\n"
      "-A faultline-loss -s 10.0.0.3 -m statistic --mode random --probability 0.300000 -j DROP\n");
}

TEST(PartitionCommands, HealRemovesBothChains) {
  const Command heal = heal_iptables();
  EXPECT_TRUE(heal.sudo);
  ASSERT_GE(heal.argv.size(), 6u);
  EXPECT_EQ(std::vector<std::string>(heal.argv.begin() + 4, heal.argv.end()),
            (std::vector<std::string>{"faultline", "faultline-loss"}));
}

// Runs `command` locally with a fake iptables and iptables-restore first on
// PATH; returns what they were called with and fed, in order.
class FakeIptables : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("faultline-fake-iptables-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    log_ = (dir_ / "log").string();
    // iptables: `-N chain` succeeds when $NEW_CHAIN is 1; `-S` prints $RULES.
    write_tool("iptables", "echo \"iptables $*\" >> " + log_ +
                               "\n"
                               "case \"$*\" in *' -N '*) [ \"$NEW_CHAIN\" = 1 ];; *' -S'*) printf "
                               "'%s\\n' \"$RULES\";; esac\n");
    write_tool("iptables-restore",
               "echo \"iptables-restore $*\" >> " + log_ + "\ncat >> " + log_ + "\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write_tool(const std::string& name, const std::string& body) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << "#!/bin/sh\n" << body;
    fs::permissions(path, fs::perms::owner_all);
  }

  std::string run(const Command& command, const std::string& env) {
    const std::string line =
        "PATH=" + dir_.string() + ":$PATH " + env + " " + shell_join(command.argv);
    EXPECT_EQ(std::system(line.c_str()), 0) << line;
    std::ifstream in(log_);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  fs::path dir_;
  std::string log_;
};

TEST_F(FakeIptables, AFreshChainIsFilledAndJumpedToInOneTransaction) {
  const Command command = partition_commands(kHalves, kAddresses).at("n1");
  EXPECT_EQ(run(command, "NEW_CHAIN=1"),
            "iptables -w -N faultline\n"
            "iptables-restore -w --noflush\n"
            "*filter\n"
            "-F faultline\n"
            "-A faultline -s 10.0.0.2 -j DROP\n"
            "-A faultline -s 10.0.0.3 -j DROP\n"
            "-I INPUT 1 -j faultline\n"
            "COMMIT\n");
}

TEST_F(FakeIptables, AnExistingChainIsReplacedWithoutASecondJump) {
  const Command command = partition_commands(kHalves, kAddresses).at("n2");
  EXPECT_EQ(run(command, "NEW_CHAIN=0"),
            "iptables -w -N faultline\n"
            "iptables-restore -w --noflush\n"
            "*filter\n"
            "-F faultline\n"
            "-A faultline -s 10.0.0.1 -j DROP\n"
            "COMMIT\n");
}

TEST_F(FakeIptables, HealDeletesEveryJumpAndBothChains) {
  const std::string rules =
      "-P INPUT ACCEPT\n-N faultline\n-N faultline-loss\n-A INPUT -j faultline\n"
      "-A INPUT -j faultline-loss\n-A INPUT -j faultline\n"
      "-A faultline -s 10.0.0.2 -j DROP";
  EXPECT_EQ(run(heal_iptables(), "RULES=" + shell_quote(rules)),
            "iptables -w -S\n"
            "iptables-restore -w --noflush\n"
            "*filter\n"
            "-D INPUT -j faultline\n"
            "-D INPUT -j faultline\n"
            "-F faultline\n"
            "-X faultline\n"
            "-D INPUT -j faultline-loss\n"
            "-F faultline-loss\n"
            "-X faultline-loss\n"
            "COMMIT\n");
}

TEST_F(FakeIptables, HealOfACleanNodeChangesNothing) {
  EXPECT_EQ(run(heal_iptables(), "RULES=" + shell_quote("-P INPUT ACCEPT")), "iptables -w -S\n");
}

}  // namespace
}  // namespace faultline
