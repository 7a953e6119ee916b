#include "harness/cluster/local_cluster_state.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/cluster/local_cluster_host.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string state_path(const std::string& state_dir) { return state_dir + "/state.json"; }

Json node_json(const ClusterNodePlan& node) {
  return {{"name", node.name},
          {"netns", node.netns},
          {"veth", node.veth},
          {"address", node.address},
          {"pid_file", node.pid_file}};
}

ClusterNodePlan node_from(const Json& node) {
  ClusterNodePlan plan;
  plan.name = node.value("name", "");
  plan.netns = node.value("netns", "");
  plan.veth = node.value("veth", "");
  plan.address = node.value("address", "");
  plan.pid_file = node.value("pid_file", "");
  return plan;
}

// Only a directory that holds nothing but what `up` puts there is removed: the
// path comes from a nodes file, which a person may have written by hand.
bool only_cluster_files(const std::string& state_dir) {
  static const std::set<std::string> kOurs = {"state.json",      "id_ed25519",  "id_ed25519.pub",
                                              "authorized_keys", "known_hosts", "nodes"};
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(state_dir, error)) {
    std::string name = entry.path().filename().string();
    if (name.size() > 4 && name.ends_with(".tmp")) name.resize(name.size() - 4);
    if (!kOurs.count(name)) return false;
  }
  return !error;
}

}  // namespace

std::string normal_dir(const std::string& dir) {
  std::string normal = fs::path(dir).lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

std::string save_state(const ClusterState& state) {
  Json nodes = Json::array();
  for (const ClusterNodePlan& node : state.plan.nodes) nodes.push_back(node_json(node));
  Json json = {{"name", state.plan.name},
               {"bridge", state.plan.bridge},
               {"controller_address", state.plan.controller_address},
               {"prefix_length", state.plan.prefix_length},
               {"nodes", nodes},
               {"forward_rule", state.forward_rule},
               {"sshd_pids", state.sshd_pids}};
  if (!state.backend.empty()) json["backend"] = state.backend;
  if (!state.image.empty()) json["image"] = state.image;
  return write_text_file(state_path(state.plan.state_dir), json.dump(2) + "\n",
                         fs::perms::owner_read | fs::perms::owner_write);
}

ClusterState load_state(const std::string& state_dir) {
  ClusterState state;
  state.plan.state_dir = state_dir;
  state.plan.name = fs::path(state_dir).filename().string();
  Json json = Json::parse(read_file_or_empty(state_path(state_dir)), nullptr, false);
  if (!json.is_object()) return state;
  state.plan.name = json.value("name", state.plan.name);
  state.plan.bridge = json.value("bridge", "");
  state.forward_rule = json.value("forward_rule", false);
  state.backend = json.value("backend", "");
  state.image = json.value("image", "");
  if (json.contains("sshd_pids") && json["sshd_pids"].is_array()) {
    for (const Json& pid : json["sshd_pids"]) {
      if (pid.is_number_integer()) state.sshd_pids.push_back(pid.get<int64_t>());
    }
  }
  if (!json.contains("nodes") || !json["nodes"].is_array()) return state;
  for (const Json& node : json["nodes"]) {
    if (node.is_object()) state.plan.nodes.push_back(node_from(node));
  }
  return state;
}

void remove_state_dir(const std::string& state_dir, ClusterOutcome* outcome) {
  std::error_code error;
  if (!fs::exists(state_dir, error)) return;
  if (!only_cluster_files(state_dir)) {
    outcome->notes.push_back("left " + state_dir +
                             " alone: it holds files that are not a local cluster's");
    return;
  }
  fs::remove_all(state_dir, error);
  if (error) {
    outcome->error = "cannot remove " + state_dir + ": " + error.message();
  } else {
    outcome->notes.push_back("removed " + state_dir);
  }
}

}  // namespace faultline
