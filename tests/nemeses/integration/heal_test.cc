// Healing on a real local cluster (needs root): faults left behind by a
// controller that is gone are removed by `faultline heal`, and the nemesis
// runner heals what it applied when it is stopped early.
#include "nemeses/heal.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <memory>

#include "harness/cluster/local_process.h"
#include "harness/remote/ssh_remote.h"
#include "nemeses/ledger.h"
#include "nemeses/nemesis_runner.h"
#include "nemeses/partition.h"
#include "nemeses/partition_shapes.h"
#include "tests/support/cluster_suite.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

testing::BinaryRun faultline(const std::string& args) {
  return testing::run_faultline(FAULTLINE_BINARY, args);
}

class HealOnCluster : public testing::ClusterSuite<HealOnCluster> {
 public:
  static constexpr testing::ClusterSpec kCluster{"h4heal", "10.213.71.0/24", 3};

 protected:
  void TearDown() override { heal_all(all()); }
  // faultline's rules on a node, read in its namespace without faultline.
  static std::string fault_rules(const NodeSpec& node) {
    CommandResult rules =
        run_local(Command::of({"ip", "netns", "exec", node.netns, "iptables", "-w", "-S"}));
    EXPECT_TRUE(rules.ok()) << rules.err;
    return rules.out.find("faultline") == std::string::npos ? "" : rules.out;
  }
};

TEST_F(HealOnCluster, HealCommandRemovesFaultsAControllerLeftBehind) {
  // The controller that applies the partition exits and leaves it in place.
  testing::BinaryRun applied =
      faultline("nemesis partition --nodes-file " + nodes_->path + " --shape halves");
  ASSERT_EQ(applied.status, 0) << applied.out;
  for (const NodeSpec& node : nodes_->nodes) {
    EXPECT_NE(fault_rules(node), "") << node.name << " should be partitioned";
  }
  for (int round = 0; round < 2; ++round) {  // the second time, nothing is left to do
    testing::BinaryRun healed = faultline("heal --nodes-file " + nodes_->path);
    ASSERT_EQ(healed.status, 0) << healed.out;
    for (const NodeSpec& node : nodes_->nodes) {
      EXPECT_NE(healed.out.find(node.name + " network: ok\n"), std::string::npos) << healed.out;
      EXPECT_EQ(fault_rules(node), "") << node.name << " after heal " << round;
    }
  }
}

TEST_F(HealOnCluster, HealCommandNamesANodeItCannotReach) {
  NodesFile broken = *nodes_;
  broken.nodes[1].host = "10.213.71.250";  // nobody there
  broken.nodes[1].port = 22;
  const std::string path = nodes_->path + ".broken.yaml";
  ASSERT_EQ(write_nodes_file(broken, path), "");
  testing::BinaryRun healed = faultline("heal --nodes-file " + path);
  std::remove(path.c_str());
  EXPECT_EQ(healed.status, 255) << healed.out;
  EXPECT_NE(healed.out.find("n1 network: ok"), std::string::npos) << healed.out;
  EXPECT_NE(healed.out.find("n2 network: "), std::string::npos) << healed.out;
  EXPECT_NE(healed.out.find("not every node is healed"), std::string::npos) << healed.out;
}

// A real partition as a FaultAction, as the lead will wire them.
class PartitionAction : public FaultAction {
 public:
  PartitionAction(std::vector<Remote*> remotes, std::map<std::string, std::string> addresses,
                  Grudge grudge)
      : remotes_(std::move(remotes)),
        addresses_(std::move(addresses)),
        grudge_(std::move(grudge)) {}
  FaultOutcome start() override {
    return outcome(apply_partition(remotes_, grudge_, addresses_), grudge_to_json(grudge_));
  }
  FaultOutcome stop() override { return outcome(heal_network(remotes_), Json()); }

 private:
  FaultOutcome outcome(const std::vector<NodeOutcome<CommandResult>>& results, Json value) {
    FaultOutcome out{{"partition", {}, std::move(value)}, {}, {}};
    for (const auto& r : results) {
      out.fault.nodes.push_back(r.node);
      if (!succeeded(r)) out.errors.push_back(r.node + ": failed");
    }
    return out;
  }
  std::vector<Remote*> remotes_;
  std::map<std::string, std::string> addresses_;
  Grudge grudge_;
};

TEST_F(HealOnCluster, AStoppedRunnerLeavesNoFaultOnAnyNode) {
  const std::string ledger_path = "/tmp/faultline-h4heal-ledger-" + std::to_string(getpid());
  std::remove(ledger_path.c_str());
  auto ledger = Ledger::open(ledger_path);
  ASSERT_TRUE(ledger.ok()) << ledger.error();
  Schedule schedule;
  schedule.interval = std::chrono::milliseconds(1);
  schedule.duration = std::chrono::milliseconds(60'000);
  schedule.faults = {{"partition", {{"shape", "halves"}}, "", {}}};
  NemesisRunnerOptions options;
  options.plan = plan_schedule(schedule, 5, std::chrono::milliseconds(120'000));
  options.ledger = ledger->get();
  options.remotes = all();
  options.make_fault = [&](const PlannedFault&) {
    return std::make_unique<PartitionAction>(all(), addresses_,
                                             complete_grudge(halves({"n1", "n2", "n3"})));
  };
  std::vector<Op> ops;
  options.emit = [&](Op op) { ops.push_back(std::move(op)); };
  NemesisRunner runner(std::move(options));
  runner.start();
  for (int i = 0; i < 500 && ops.size() < 2; ++i) usleep(10'000);  // the partition is on
  ASSERT_GE(ops.size(), 2u);
  EXPECT_NE(fault_rules(nodes_->nodes[0]), "");
  runner.request_stop();
  NemesisReport report = runner.wait();
  EXPECT_TRUE(report.stopped_early);
  EXPECT_TRUE(report.errors.empty()) << report.errors[0];
  ASSERT_TRUE(report.heal.has_value());
  EXPECT_TRUE(report.heal->ok()) << report.heal->describe_failures();
  for (const NodeSpec& node : nodes_->nodes) EXPECT_EQ(fault_rules(node), "") << node.name;
  Parsed<LedgerState> written = Ledger::load(ledger_path);
  ASSERT_TRUE(written.ok()) << written.error().to_string();
  ASSERT_EQ(written->faults.size(), 1u);
  EXPECT_TRUE(written->active().empty());
  std::remove(ledger_path.c_str());
}

}  // namespace
}  // namespace faultline
