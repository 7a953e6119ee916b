// The fixture every integration suite on a local cluster shares: the cluster
// comes up once per suite (SetUpTestSuite) and goes down after its last test,
// and each test gets a fresh SshRemote per node. Needs root.
//
//   class PartitionOnCluster : public testing::ClusterSuite<PartitionOnCluster> {
//    public:
//     static constexpr testing::ClusterSpec kCluster{"parttest", "10.213.32.0/24", 3};
//
//    protected:
//     void SetUp() override {  // only when the suite needs more than the remotes
//       ClusterSuite::SetUp();
//       if (HasFatalFailure()) return;
//       ...
//     }
//   };
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "harness/cluster/nodes_file.h"
#include "harness/remote/remote.h"
#include "harness/remote/ssh_remote.h"
#include "tests/support/test_cluster.h"

namespace faultline::testing {

// A suite's cluster. The name and subnet must be used by no other suite (suites
// run at the same time as other test programs).
struct ClusterSpec {
  const char* name;
  const char* subnet;  // e.g. "10.213.32.0/24"
  int nodes;
};

// `Suite` names its cluster with a public `static constexpr ClusterSpec kCluster`.
template <class Suite>
class ClusterSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    nodes_ = std::make_unique<NodesFile>(up_test_cluster(
        Suite::kCluster.name, Suite::kCluster.subnet, Suite::kCluster.nodes, &error));
    ASSERT_TRUE(error.empty()) << error;
  }
  static void TearDownTestSuite() {
    if (nodes_) down_test_cluster(*nodes_);  // also kills every process in the namespaces
    nodes_.reset();
  }
  void SetUp() override {
    ASSERT_NE(nodes_, nullptr);
    ASSERT_EQ(nodes_->nodes.size(), static_cast<size_t>(Suite::kCluster.nodes))
        << "the cluster " << Suite::kCluster.name << " did not come up";
    for (const NodeSpec& n : nodes_->nodes) {
      remotes_.push_back(std::make_unique<SshRemote>(n));
      addresses_[n.name] = n.host;
      netns_[n.name] = n.netns;
    }
  }

  // Every node's remote, in the nodes file's order.
  std::vector<Remote*> all() {
    std::vector<Remote*> out;
    for (auto& r : remotes_) out.push_back(r.get());
    return out;
  }
  Remote& node(size_t i) { return *remotes_[i]; }
  static const NodeSpec& spec(size_t i) { return nodes_->nodes[i]; }

  static inline std::unique_ptr<NodesFile> nodes_;
  std::vector<std::unique_ptr<Remote>> remotes_;  // fresh for each test
  std::map<std::string, std::string> addresses_;  // node name -> its address
  std::map<std::string, std::string> netns_;      // node name -> its network namespace
};

}  // namespace faultline::testing
