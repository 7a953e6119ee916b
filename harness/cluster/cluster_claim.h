// The steps every kind of cluster (namespaces, containers) shares when it
// comes up: claiming its name, the nodes file it writes, and handing the key
// and nodes file to the person who ran it under sudo.
#pragma once

#include <string>

#include "harness/cluster/local_cluster_plan.h"
#include "harness/cluster/nodes_file.h"

namespace faultline {

// Makes the state directory: this claims the name. create_directory is false
// when it exists, so of two `up`s of one name started at the same moment
// exactly one wins; the other gets the error and `*name_taken` is set.
// Error message or empty.
std::string claim_state_dir(const std::string& state_root, const ClusterPlan& plan,
                            bool* name_taken);

// The nodes file of the plan's nodes: root with the cluster key, host keys
// checked. Each node names its network namespace (`namespaces`), else its
// container (named like the namespace would be).
NodesFile nodes_file_for(const ClusterPlan& plan, const std::string& path, bool namespaces);

// Under sudo, the person who ran it gets the key and the nodes file, so that
// `faultline run` works without sudo.
void give_to_sudo_user(const ClusterPlan& plan, const std::string& nodes_file);

}  // namespace faultline
