// The iptables rules faults are made of, as commands for a node. Everything
// faultline adds lives in its own chain, `faultline`, jumped to first from
// INPUT, so healing is removing one chain and nothing else is touched.
// Dropping on INPUT by source address also cuts connections already open.
// Pure: builds Commands (quoted once, by shell.h); applying them is the
// nemesis's job.
#pragma once

#include <string>
#include <vector>

#include "harness/command.h"

namespace faultline {

inline constexpr char kFaultChain[] = "faultline";

// Makes the node drop packets from each source address (all of them, or at
// random with `probability` < 1, for packet loss). Replaces what the chain held.
Command drop_from(const std::vector<std::string>& source_addresses, double probability = 1.0);

// Removes the jump and the chain. Idempotent: fine when they are not there.
Command heal_iptables();

// Lists the chain's rules (iptables -S faultline); empty output when healed.
Command list_fault_rules();

}  // namespace faultline
