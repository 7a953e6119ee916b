// Partitions on a real local cluster: real namespaces, real iptables rules,
// real sshd (needs root).
#include "nemeses/partition.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <random>
#include <sstream>

#include "harness/cluster/local_cluster.h"
#include "harness/cluster/local_process.h"
#include "harness/remote/ssh_remote.h"
#include "nemeses/iptables.h"
#include "nemeses/partition_shapes.h"
#include "tests/support/cluster_suite.h"

namespace faultline {
namespace {

class PartitionOnCluster : public testing::ClusterSuite<PartitionOnCluster> {
 public:
  static constexpr testing::ClusterSpec kCluster{"parttest", "10.213.32.0/24", 3};

 protected:
  void TearDown() override { heal_network(all()); }
  // Can `from` open a TCP connection to `to`'s sshd (within 1 s)?
  bool connects(const std::string& from, const std::string& to) {
    Command c = Command::of({"ip", "netns", "exec", netns_[from], "bash", "-c",
                             "exec 3<>/dev/tcp/" + addresses_[to] + "/22"});
    c.timeout = std::chrono::milliseconds(1000);
    return run_local(c).ok();
  }
  void apply(const Grudge& grudge) {
    auto outcomes = apply_partition(all(), grudge, addresses_);
    ASSERT_TRUE(all_succeeded(outcomes)) << describe_failures(outcomes, drop_from({}));
  }
};

TEST_F(PartitionOnCluster, HalvesCutTheSidesAndKeepEachSideWhole) {
  apply(complete_grudge(halves({"n1", "n2", "n3"})));  // n1 | n2,n3
  EXPECT_FALSE(connects("n1", "n2"));
  EXPECT_FALSE(connects("n3", "n1"));
  EXPECT_TRUE(connects("n2", "n3"));
  heal_network(all());
  EXPECT_TRUE(connects("n1", "n2"));
  EXPECT_TRUE(connects("n3", "n1"));
}

TEST_F(PartitionOnCluster, EveryShapeCutsExactlyWhatItsGrudgeSays) {
  std::mt19937_64 rng(7);
  std::vector<std::string> names{"n1", "n2", "n3"};
  for (const char* shape : {"isolate", "bridge", "majorities-ring", "random-halves"}) {
    Parsed<Grudge> grudge = make_grudge({shape, "n2", {}, ""}, names, rng);
    ASSERT_TRUE(grudge.ok());
    apply(*grudge);
    for (const std::string& a : names) {
      for (const std::string& b : names) {
        if (a == b) continue;
        // a's SYN reaches b unless b drops a; b's answer reaches a unless a drops b.
        bool cut = (grudge->count(b) && grudge->at(b).count(a)) ||
                   (grudge->count(a) && grudge->at(a).count(b));
        EXPECT_EQ(connects(a, b), !cut) << shape << ": " << a << " -> " << b;
      }
    }
    heal_network(all());
  }
}

TEST_F(PartitionOnCluster, AnOpenConnectionAcrossTheCutStopsDelivering) {
  // n1 keeps an ssh session to n2 open that prints a line every 100 ms.
  const NodeSpec& n2 = nodes_->nodes[1];
  std::string log = "/tmp/faultline-parttest-ticks-" + std::to_string(getpid());
  std::string ssh = "ssh -i " + n2.key_file + " -o UserKnownHostsFile=" + n2.known_hosts +
                    " -o BatchMode=yes root@" + n2.host +
                    " 'while :; do echo tick; sleep 0.1; done'";
  Command stream = Command::of({"ip", "netns", "exec", netns_["n1"], "sh", "-c",
                                "timeout 4 " + ssh + " > " + log + " 2>/dev/null &"});
  ASSERT_TRUE(run_local(stream).ok());
  usleep(1'000'000);
  auto lines = [&] {
    std::ifstream in(log);
    return std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n');
  };
  ASSERT_GT(lines(), 2) << "the stream should be flowing before the cut";
  apply(complete_grudge(isolate({"n1", "n2", "n3"}, "n1")));
  usleep(300'000);
  auto at_cut = lines();
  usleep(1'000'000);
  EXPECT_LE(lines(), at_cut + 1) << "nothing more should arrive across the cut";
  heal_network(all());
  std::remove(log.c_str());
}

TEST_F(PartitionOnCluster, HealLeavesNoFaultlineRuleAndIsIdempotent) {
  apply(complete_grudge(halves({"n1", "n2", "n3"})));
  for (int i = 0; i < 2; ++i) {
    auto healed = heal_network(all());
    ASSERT_TRUE(all_succeeded(healed)) << describe_failures(healed, heal_iptables());
  }
  for (const auto& [node, ns] : netns_) {
    CommandResult rules =
        run_local(Command::of({"ip", "netns", "exec", ns, "iptables", "-w", "-S"}));
    ASSERT_TRUE(rules.ok()) << rules.err;
    EXPECT_EQ(rules.out.find("faultline"), std::string::npos) << node << ":\n" << rules.out;
  }
}

}  // namespace
}  // namespace faultline
