// Healing everything faultline may have done to nodes, node-side: each healer
// undoes one kind of fault by looking at the node itself (faultline's iptables
// chain, its qdiscs, its paused processes, its fake clocks), so healing needs
// neither the ledger nor the controller that made the faults, and running it
// twice is harmless.
//
// heal_all() runs the healers one after another (a Remote serves one thread at
// a time), each on every node in parallel, and keeps going after failures: one
// healer failing never stops the others. Safe to call from any one thread at a
// time per set of remotes.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "harness/remote/parallel.h"
#include "harness/remote/remote.h"

namespace faultline {

using HealFunction =
    std::function<std::vector<NodeOutcome<CommandResult>>(const std::vector<Remote*>&)>;

struct Healer {
  std::string name;  // "network", "traffic-control", ... for reports
  HealFunction heal;
};

// Every healer faultline has (default_healers.cc).
std::vector<Healer> default_healers();

// What one healer did on one node.
struct HealStep {
  std::string healer;
  RemoteResult<CommandResult> result;
  bool ok() const { return result.ok() && result->ok(); }
  // "ok", "ok: <output>" or the failure on one line.
  std::string describe() const;
};

struct NodeHealReport {
  std::string node;
  std::vector<HealStep> steps;  // in healer order
  bool ok() const;
};

struct HealReport {
  std::vector<NodeHealReport> nodes;  // in the order of the remotes
  bool ok() const;
  // One line per node and healer: "n1 network: ok".
  std::string describe() const;
  // Only the failed steps, one per line naming node and healer; empty if none.
  std::string describe_failures() const;
};

HealReport heal_all(const std::vector<Remote*>& remotes,
                    const std::vector<Healer>& healers = default_healers());

}  // namespace faultline
