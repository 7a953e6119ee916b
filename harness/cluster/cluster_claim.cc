#include "harness/cluster/cluster_claim.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace faultline {
namespace {

namespace fs = std::filesystem;

std::string name_in_use(const ClusterPlan& plan) {
  return "a cluster named '" + plan.name + "' already exists (" + plan.state_dir +
         "): take it down first with `faultline cluster down --name " + plan.name + "`";
}

}  // namespace

std::string claim_state_dir(const std::string& state_root, const ClusterPlan& plan,
                            bool* name_taken) {
  std::error_code error;
  fs::create_directories(state_root, error);
  if (error) return "cannot create " + state_root + ": " + error.message();
  if (fs::create_directory(plan.state_dir, error)) return "";
  if (error) return "cannot create " + plan.state_dir + ": " + error.message();
  *name_taken = true;
  return name_in_use(plan);
}

NodesFile nodes_file_for(const ClusterPlan& plan, const std::string& path, bool namespaces) {
  NodesFile nodes;
  nodes.path = path;
  nodes.local_cluster = plan.state_dir;
  nodes.strict_host_keys = true;
  for (const ClusterNodePlan& node : plan.nodes) {
    nodes.nodes.push_back({node.name, node.address, kClusterSshPort, "root", plan.key_file,
                           plan.known_hosts, namespaces ? node.netns : "",
                           namespaces ? "" : node.netns});
  }
  return nodes;
}

void give_to_sudo_user(const ClusterPlan& plan, const std::string& nodes_file) {
  const char* uid = std::getenv("SUDO_UID");
  const char* gid = std::getenv("SUDO_GID");
  if (uid == nullptr || gid == nullptr) return;
  const uid_t user = static_cast<uid_t>(std::atol(uid));
  const gid_t group = static_cast<gid_t>(std::atol(gid));
  for (const std::string& path : {plan.key_file, plan.key_file + ".pub", nodes_file}) {
    [[maybe_unused]] int ignored = ::chown(path.c_str(), user, group);
  }
}

}  // namespace faultline
