// state.json of a local cluster (namespaces or containers): what `up` made or is about to make,
// written before each thing it names is made, so that `down` can undo a half-finished `up` or the
// work of a killed controller. For the local_cluster*.cc files only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/cluster/local_cluster.h"
#include "harness/cluster/local_cluster_plan.h"

namespace faultline {

struct ClusterState {
  ClusterPlan plan;
  std::string backend;             // empty: network namespaces; kDockerBackend: containers
  std::string image;               // containers: the image they run
  bool forward_rule = false;       // an ACCEPT rule for the bridge in the root FORWARD chain
  std::vector<int64_t> sshd_pids;  // once the sshds are up (their pid files say so too)
};

// "/run/x/./y/" -> "/run/x/y": as it appears in the sshd command lines.
std::string normal_dir(const std::string& dir);

// Writes STATE_DIR/state.json atomically. Error message or empty.
std::string save_state(const ClusterState& state);

// Whatever of the state can be read; missing or damaged parts are left empty.
// The name defaults to the directory's last component.
ClusterState load_state(const std::string& state_dir);

// Removes the state directory, if it holds only what `up` puts there (the
// path may come from a nodes file a person wrote); says what it did in `outcome`.
void remove_state_dir(const std::string& state_dir, ClusterOutcome* outcome);

}  // namespace faultline
