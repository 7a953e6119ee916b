// The nodes of one run, as the test file's `nodes` says: a local cluster of
// namespaces ({local: N}) or of containers ({docker: N}) made for the run (and
// removed after it), a nodes file, or a list of hosts.
// Each node gets its SSH remote and its IPv4 address, resolved up front so
// faults and clients never wait on name lookups mid-run.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <stop_token>
#include <string>
#include <vector>

#include "harness/base/result.h"
#include "harness/cluster/nodes_file.h"
#include "harness/config/nodes_source.h"
#include "harness/remote/remote.h"
#include "harness/run/run_log.h"

namespace faultline {

struct RunNodes {
  NodesFile file;
  std::vector<std::unique_ptr<Remote>> remotes;  // one per node, in file.nodes' order
  std::map<std::string, std::string> addresses;  // node name -> IPv4
  // The local cluster made for this run (its state directory); empty when
  // the nodes were given. release_run_nodes() removes it.
  std::string local_cluster;

  const std::vector<NodeSpec>& nodes() const { return file.nodes; }
  std::vector<Remote*> pointers() const;
  std::vector<std::string> names() const;
};

// Called with the name of the local cluster made for a run once the name is
// the run's own (claimed), before anything of the cluster is made.
using ClusterClaimed = std::function<void(const std::string& name)>;

// For `local: N` and `docker: N`: picks a cluster name and subnet no other cluster on this
// machine uses (run1 on 10.213.151.0/24, run2 on .152, ...), brings it up and
// writes its nodes file to `nodes_file`. The name is claimed atomically: of
// runs started at the same moment each gets a name of its own. `stop`
// interrupts bringing it up (what was made is removed). The error says what
// failed.
Result<RunNodes, std::string> open_run_nodes(const NodesSource& source,
                                             const std::string& nodes_file, RunLog& log,
                                             std::stop_token stop,
                                             const ClusterClaimed& claimed = {});

// Closes the remotes and, for a local cluster made by the run, removes it.
// Returns the error, if any. Idempotent.
std::optional<std::string> release_run_nodes(RunNodes& nodes, RunLog& log);

}  // namespace faultline
