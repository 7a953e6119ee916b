// The partition nemesis: applies a grudge to real nodes with iptables and
// heals it. Node names are resolved to addresses once, up front; a node with
// no address stops the fault before any node is touched.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "harness/remote/parallel.h"
#include "harness/remote/remote.h"
#include "nemeses/grudge.h"

namespace faultline {

// node name -> IPv4 address (a host that is already an address stays as is).
// Error text names every node that does not resolve; empty on success.
std::string resolve_addresses(const std::map<std::string, std::string>& hosts,
                              std::map<std::string, std::string>* addresses);

// Per node, the command that installs its part of the grudge.
std::map<std::string, Command> partition_commands(
    const Grudge& grudge, const std::map<std::string, std::string>& addresses);

// Applies the grudge on every remote (in parallel); a node with no grudge has
// its chain emptied. Returns one outcome per remote.
std::vector<NodeOutcome<CommandResult>> apply_partition(
    const std::vector<Remote*>& remotes, const Grudge& grudge,
    const std::map<std::string, std::string>& addresses);

// Removes every faultline rule on every remote (in parallel); idempotent.
std::vector<NodeOutcome<CommandResult>> heal_network(const std::vector<Remote*>& remotes);

}  // namespace faultline
