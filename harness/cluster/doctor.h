// Preflight for a test, node by node: can faultline reach the node, log in,
// become root, and use the tools faults need? Each problem comes with its fix.
// Runs read-only checks (the netem probe uses a throwaway dummy device).
#pragma once

#include <string>
#include <vector>

#include "harness/remote/remote.h"

namespace faultline {

enum class CheckLevel { kOk, kWarn, kFail };

struct DoctorCheck {
  std::string name;    // "reachable", "sudo", "iptables", ...
  CheckLevel level = CheckLevel::kOk;
  std::string detail;  // what was found
  std::string fix;     // what to do about a problem; empty when ok
};

struct NodeReport {
  std::string node;
  std::vector<DoctorCheck> checks;
  bool failed() const;
};

// Runs every check on one node. Stops after a failure that makes the rest
// meaningless (cannot connect, cannot log in).
NodeReport examine_node(Remote& remote);

}  // namespace faultline
