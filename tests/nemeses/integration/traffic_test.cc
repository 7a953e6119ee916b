// Network degradation on a real local cluster: real iptables loss rules,
// real tc qdiscs, measured with real packets between the nodes (needs root).
#include "nemeses/traffic.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "harness/cluster/local_process.h"
#include "harness/remote/ssh_remote.h"
#include "nemeses/iptables.h"
#include "nemeses/loss.h"
#include "nemeses/partition.h"
#include "nemeses/partition_shapes.h"
#include "nemeses/tc.h"
#include "tests/support/cluster_suite.h"
#include "tests/support/fault_leftovers.h"
#include "tests/support/tcp_transfer.h"

namespace faultline {
namespace {

class TrafficOnCluster : public testing::ClusterSuite<TrafficOnCluster> {
 public:
  static constexpr testing::ClusterSpec kCluster{"h2tc", "10.213.51.0/24", 3};

 protected:
  void TearDown() override {
    heal_network(all());
    heal_traffic_control(all());
  }

  // Round trips lost, in percent, of `count` pings from node `from` to node `to`.
  double ping_loss(int from, int to, int count = 1000) {
    // No -w: with a deadline, -c would count replies instead of requests.
    Command ping = Command::of({"ping", "-c", std::to_string(count), "-i", "0.002", "-q", "-W", "1",
                                addresses_[nodes_->nodes[to].name]});
    ping.timeout = std::chrono::seconds(40);
    RemoteResult<CommandResult> r = node(from).run(ping);
    EXPECT_TRUE(r.ok()) << describe_error(node(from).node(), r.error());
    if (!r.ok()) return -1;
    int sent = 0, received = 0;
    const size_t at = r->out.find("packets transmitted");
    EXPECT_NE(at, std::string::npos) << r->out << r->err;
    if (at == std::string::npos) return -1;
    std::sscanf(r->out.c_str() + r->out.rfind('\n', at) + 1, "%d packets transmitted, %d received",
                &sent, &received);
    EXPECT_EQ(sent, count) << r->out;
    const double lost = 100.0 * (sent - received) / sent;
    ::testing::Test::RecordProperty("ping_loss_percent_" + std::to_string(++measured_),
                                    std::to_string(lost));
    return lost;
  }

  // Sends `bytes` over TCP from node `from` to node `to`; megabits per second.
  double transfer_mbit(int from, int to, int bytes) {
    const std::string address = addresses_[nodes_->nodes[to].name];
    testing::Transfer t = testing::tcp_transfer(node(from), node(to), address, next_port_++, bytes);
    EXPECT_EQ(t.error, "");
    ::testing::Test::RecordProperty("transfer_mbit_" + std::to_string(++measured_),
                                    std::to_string(t.mbit));
    return t.mbit;
  }

  // What `command` prints inside each node's namespace, all nodes together.
  std::string in_every_namespace(const std::vector<std::string>& command) {
    std::string out;
    for (const auto& [name, ns] : netns_) {
      std::vector<std::string> argv{"ip", "netns", "exec", ns};
      argv.insert(argv.end(), command.begin(), command.end());
      CommandResult r = run_local(Command::of(argv));
      EXPECT_TRUE(r.ok()) << name << ": " << r.err;
      out += name + ":\n" + r.out;
    }
    return out;
  }
  void expect_healed() {
    for (int i = 0; i < 2; ++i) {  // heal is idempotent
      auto network = heal_network(all());
      EXPECT_TRUE(all_succeeded(network)) << describe_failures(network, heal_iptables());
      auto traffic = heal_traffic_control(all());
      EXPECT_TRUE(all_succeeded(traffic)) << describe_failures(traffic, unshape_all());
    }
    for (const auto& [name, ns] : netns_)
      EXPECT_EQ(testing::network_fault_leftovers(testing::in_namespace(ns)), "") << name;
  }

  int next_port_ = 5201;
  int measured_ = 0;  // numbers the measurements recorded in the test's XML output
};

// A packet is lost where it arrives: a ping from n1 to n2 loses its request at
// n2 (p) or, when n1 has the fault too, its reply at n1: 1 - (1 - p)^2.
// 1000 pings: the standard deviation is ~1.5 points; the bands are ~5 of them.
TEST_F(TrafficOnCluster, LossOnTheReceivingNodeLosesItsShareOfPings) {
  EXPECT_EQ(ping_loss(0, 1), 0.0) << "no loss before the fault";
  FaultOutcome o = apply_loss({&node(1)}, 30, addresses_);
  ASSERT_TRUE(o.ok()) << o.errors[0];
  EXPECT_EQ(o.fault.nodes, (std::vector<std::string>{"n2"}));
  EXPECT_EQ(o.fault.value["from"]["n2"].size(), 2u);
  const double loss = ping_loss(0, 1);
  EXPECT_GE(loss, 22.0);
  EXPECT_LE(loss, 38.0);
  expect_healed();
  EXPECT_EQ(ping_loss(0, 1), 0.0) << "no loss after heal";
}

TEST_F(TrafficOnCluster, LossOnBothEndsLosesRequestsAndReplies) {
  FaultOutcome o = apply_loss(all(), 30, addresses_);
  ASSERT_TRUE(o.ok()) << o.errors[0];
  EXPECT_EQ(o.fault.nodes.size(), 3u);
  const double loss = ping_loss(0, 1);  // expected 51%
  EXPECT_GE(loss, 43.0);
  EXPECT_LE(loss, 59.0);
}

TEST_F(TrafficOnCluster, LossAndAPartitionStandTogetherAndHealRemovesBoth) {
  FaultOutcome loss = apply_loss(all(), 20, addresses_);
  ASSERT_TRUE(loss.ok()) << loss.errors[0];
  auto cut = apply_partition(all(), complete_grudge(isolate({"n1", "n2", "n3"}, "n3")), addresses_);
  ASSERT_TRUE(all_succeeded(cut)) << describe_failures(cut, drop_from({}));
  loss = apply_loss(all(), 20, addresses_);  // replacing the loss keeps the partition
  ASSERT_TRUE(loss.ok()) << loss.errors[0];
  const std::string rules = in_every_namespace({"iptables", "-w", "-S"});
  EXPECT_NE(rules.find("-A faultline -s 10.213.51."), std::string::npos) << rules;
  EXPECT_NE(rules.find("-A faultline-loss -s 10.213.51."), std::string::npos) << rules;
  EXPECT_NE(rules.find("--probability 0.20000"), std::string::npos) << rules;
  EXPECT_EQ(ping_loss(0, 2, 20), 100.0) << "n3 is still cut off";
  expect_healed();
}

TEST_F(TrafficOnCluster, ABandwidthLimitHoldsTheRateAndHealLiftsIt) {
  const int bytes = 3'000'000;
  const double unlimited = transfer_mbit(0, 1, bytes);
  EXPECT_GT(unlimited, 30.0);
  FaultOutcome o = apply_bandwidth(all(), 8'000'000, addresses_);
  ASSERT_TRUE(o.ok()) << o.errors[0];
  EXPECT_EQ(o.fault.nodes.size(), 3u);
  EXPECT_EQ(o.fault.value["devices"]["n1"], nlohmann::json::array({"eth0"}));
  const double limited = transfer_mbit(0, 1, bytes);  // ~3 s
  EXPECT_GE(limited, 5.0) << "unlimited: " << unlimited;
  EXPECT_LE(limited, 9.0) << "unlimited: " << unlimited;
  auto healed = heal_traffic_control(all());
  ASSERT_TRUE(all_succeeded(healed)) << describe_failures(healed, unshape_all());
  EXPECT_EQ(healed[0].result->out, "removed qdisc fa17: on eth0\n");
  expect_healed();
  EXPECT_GT(transfer_mbit(0, 1, bytes), 30.0);
}

TEST_F(TrafficOnCluster, NetemIsAppliedOnlyWhereTheKernelHasIt) {
  FaultOutcome o = apply_netem(all(), Netem{100, 10}, addresses_);
  ASSERT_TRUE(o.ok()) << o.errors[0];
  if (o.fault.nodes.empty()) {  // this project's CI kernel: no sch_netem
    ASSERT_EQ(o.notes.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(o.notes[i], "n" + std::to_string(i + 1) +
                                ": this kernel has no netem (sch_netem): delay 100ms jitter "
                                "10ms (normal) not applied");
    }
    EXPECT_EQ(o.fault.value["nodes"], nlohmann::json::array());
  } else {  // a kernel with netem: the delay is real
    EXPECT_EQ(o.fault.nodes.size(), 3u);
    Command ping = Command::of({"ping", "-c", "3", "-q", addresses_["n2"]});
    RemoteResult<CommandResult> r = node(0).run(ping);
    ASSERT_TRUE(r.ok() && r->ok());
    double min = 0;
    std::sscanf(r->out.c_str() + r->out.find(" = ") + 3, "%lf", &min);
    EXPECT_GT(min, 150.0) << r->out;  // 100 ms (+- 10) each way
  }
  expect_healed();
}

TEST_F(TrafficOnCluster, SomebodyElsesQdiscIsNeitherReplacedNorHealed) {
  const std::string ns = netns_["n3"];
  ASSERT_TRUE(run_local(Command::of({"ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "eth0",
                                     "root", "handle", "1:", "htb"}))
                  .ok());
  FaultOutcome o = apply_bandwidth(all(), 8'000'000, addresses_);
  EXPECT_EQ(o.fault.nodes, (std::vector<std::string>{"n1", "n2"}));
  ASSERT_EQ(o.errors.size(), 1u);
  EXPECT_NE(o.errors[0].find("n3"), std::string::npos) << o.errors[0];
  auto healed = heal_traffic_control(all());
  EXPECT_TRUE(all_succeeded(healed)) << describe_failures(healed, unshape_all());
  CommandResult left =
      run_local(Command::of({"ip", "netns", "exec", ns, "tc", "qdisc", "show", "dev", "eth0"}));
  EXPECT_NE(left.out.find("qdisc htb 1: root"), std::string::npos) << left.out;
  run_local(Command::of({"ip", "netns", "exec", ns, "tc", "qdisc", "del", "dev", "eth0", "root"}));
  expect_healed();
}

}  // namespace
}  // namespace faultline
