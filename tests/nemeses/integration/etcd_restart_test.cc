// Kill and restart of a real database member (needs root): a 3-member etcd
// cluster on a local cluster; the kill nemesis SIGKILLs the member on one
// node, the restart brings it back with the same start command, and it
// rejoins: healthy, and it serves what the others wrote while it was down.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "harness/remote/parallel.h"
#include "harness/remote/ssh_remote.h"
#include "nemeses/process_faults.h"
#include "tests/support/cluster_suite.h"

namespace faultline {
namespace {

// Starts this node's etcd member in the background, data in the node's own
// /var/lib/faultline. $0 name, $1 address, $2 the initial cluster.
constexpr char kStartEtcd[] = R"sh(
mkdir -p /var/lib/faultline/etcd
setsid etcd --name "$0" --data-dir /var/lib/faultline/etcd/data \
  --listen-client-urls "http://$1:2379" --advertise-client-urls "http://$1:2379" \
  --listen-peer-urls "http://$1:2380" --initial-advertise-peer-urls "http://$1:2380" \
  --initial-cluster "$2" --initial-cluster-state new \
  >>/var/lib/faultline/etcd/etcd.log 2>&1 </dev/null &
)sh";

class EtcdRestart : public testing::ClusterSuite<EtcdRestart> {
 public:
  static constexpr testing::ClusterSpec kCluster{"etcdkill", "10.213.34.0/24", 3};

 protected:
  void SetUp() override {
    ClusterSuite::SetUp();
    if (HasFatalFailure()) return;
    std::string initial;
    for (const NodeSpec& n : nodes_->nodes) {
      initial += (initial.empty() ? "" : ",") + n.name + "=http://" + n.host + ":2380";
    }
    for (const NodeSpec& n : nodes_->nodes) {
      start_.push_back(Command::of({"sh", "-c", kStartEtcd, n.name, n.host, initial}));
    }
  }
  // etcdctl against node i's member.
  RemoteResult<CommandResult> etcdctl(size_t i, std::vector<std::string> args) {
    std::vector<std::string> argv{"etcdctl", "--endpoints",
                                  "http://" + nodes_->nodes[i].host + ":2379",
                                  "--command-timeout=2s"};
    argv.insert(argv.end(), args.begin(), args.end());
    return remotes_[i]->run(Command::of(argv));
  }
  // Polls until node i's member says it is healthy, for up to `limit`.
  bool healthy_within(size_t i, std::chrono::seconds limit) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      auto r = etcdctl(i, {"endpoint", "health"});
      if (r && r->ok()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }

  std::vector<Command> start_;
};

TEST_F(EtcdRestart, KilledMemberIsRestartedAndRejoins) {
  for (size_t i = 0; i < remotes_.size(); ++i) {
    auto started = remotes_[i]->run(start_[i]);
    ASSERT_TRUE(started && started->ok()) << nodes_->nodes[i].name;
  }
  for (size_t i = 0; i < remotes_.size(); ++i) {
    ASSERT_TRUE(healthy_within(i, std::chrono::seconds(30))) << nodes_->nodes[i].name;
  }
  const ProcessSpec etcd{"etcd", "", /*own_network_namespace=*/true};
  FaultOutcome killed = kill_processes({remotes_[1].get()}, etcd);
  ASSERT_TRUE(killed.ok()) << killed.errors.front();
  ASSERT_TRUE(killed.fault.value["pids"].contains("n2")) << killed.fault.value.dump();
  // n2's member is gone; the majority still takes writes.
  auto down = etcdctl(1, {"endpoint", "health"});
  ASSERT_TRUE(down);
  EXPECT_FALSE(down->ok());
  auto put = etcdctl(0, {"put", "written-while-n2-was-down", "42"});
  ASSERT_TRUE(put && put->ok()) << (put ? put->err : put.error().message);

  FaultOutcome restarted = restart_processes({remotes_[1].get()}, RestartRequest{etcd, start_[1]});
  ASSERT_TRUE(restarted.ok()) << restarted.errors.front();
  ASSERT_TRUE(healthy_within(1, std::chrono::seconds(30)));
  // The restarted member caught up: a linearizable read through it sees the write.
  auto read = etcdctl(1, {"get", "written-while-n2-was-down", "--print-value-only"});
  ASSERT_TRUE(read && read->ok()) << (read ? read->err : read.error().message);
  EXPECT_EQ(read->out, "42\n");
}

}  // namespace
}  // namespace faultline
