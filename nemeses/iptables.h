// The iptables rules faults are made of, as commands for a node. Everything
// faultline adds lives in its own chains, jumped to first from INPUT, so
// healing is removing them and nothing else is touched: `faultline` holds the
// partition, `faultline-loss` the random packet loss, so that either can be
// replaced while the other stays.
// Dropping on INPUT by source address also cuts connections already open.
// Pure: builds Commands (quoted once, by shell.h); applying them is the
// nemesis's job.
#pragma once

#include <string>
#include <vector>

#include "harness/remote/command.h"

namespace faultline {

inline constexpr char kFaultChain[] = "faultline";
inline constexpr char kLossChain[] = "faultline-loss";

// Makes the node drop packets from each source address (all of them, or at
// random with `probability` < 1, for packet loss). Replaces what the chain held.
Command drop_from(const std::vector<std::string>& source_addresses, double probability = 1.0);

// Makes the node drop each packet from each source address at random with
// `probability` (in the loss chain). Replaces what the loss chain held.
Command drop_randomly_from(const std::vector<std::string>& source_addresses, double probability);

// Removes the loss chain alone (and its jump); the partition stays.
Command stop_loss();

// Removes the jumps and both chains. Idempotent: fine when they are not there.
Command heal_iptables();

// Lists both chains' rules (iptables -S); empty output when healed.
Command list_fault_rules();

}  // namespace faultline
