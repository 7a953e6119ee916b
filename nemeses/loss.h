// The packet-loss nemesis: each chosen node drops a random share of the
// packets it receives from the other cluster nodes (iptables statistic match,
// in faultline's loss chain, so a partition can be in force at the same time).
// Traffic from the controller and from outside the cluster is untouched.
// A packet between two nodes is lost with the given probability where it
// arrives; a round trip between two nodes that both have the fault therefore
// loses 1 - (1 - p)^2 (51% at 30%).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness/remote/command.h"
#include "harness/remote/remote.h"
#include "nemeses/fault.h"

namespace faultline {

// Empty when `percent` is a loss faultline can apply (0 < percent <= 100).
std::string check_loss_percent(double percent);

// The addresses `node` drops from: every address in `addresses` but its own.
std::vector<std::string> other_addresses(const std::string& node,
                                         const std::map<std::string, std::string>& addresses);

// Per node in `nodes`, the command that installs its loss rules.
std::map<std::string, Command> loss_commands(double percent, const std::vector<std::string>& nodes,
                                             const std::map<std::string, std::string>& addresses);

// Applies the loss on every remote (in parallel). `addresses` holds every
// cluster node (resolved up front, see resolve_addresses). The outcome's
// value: {"percent", "probability", "nodes", "from": {node: [addresses]}};
// only nodes where the rules went in are listed. Undo: heal_network or stop_loss.
FaultOutcome apply_loss(const std::vector<Remote*>& remotes, double percent,
                        const std::map<std::string, std::string>& addresses);

}  // namespace faultline
