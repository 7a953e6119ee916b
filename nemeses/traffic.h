// The traffic nemesis: netem (delay with jitter, duplication, reordering,
// corruption) and bandwidth limits on the packets each chosen node sends to
// the other cluster nodes; the controller's traffic and the world's pass
// untouched. Built from tc commands (tc.h) on the device that routes to each
// destination (eth0 on a namespace node), found with `ip route get`.
//
// Nodes whose kernel has no netem get a note and are not listed as applied:
// the outcome only ever claims what is really in force. A node where shaping
// fails is left unshaped. A second traffic fault on a node replaces the first.
// The functions run nodes in parallel (one thread per Remote) and block.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/remote/parallel.h"
#include "harness/remote/remote.h"
#include "nemeses/fault.h"
#include "nemeses/traffic_shape.h"

namespace faultline {

// `addresses` holds every cluster node (resolved up front, see
// resolve_addresses); each remote's node shapes its packets to the others.
// Value: netem_to_json(netem) plus "nodes" (where applied), "devices"
// ({node: [device]}) and "handle" ("fa17:").
FaultOutcome apply_netem(const std::vector<Remote*>& remotes, const Netem& netem,
                         const std::map<std::string, std::string>& addresses);

// Value: {"rate": "8mbit", "rate_bits_per_second": 8000000, "nodes", "devices", "handle"}.
FaultOutcome apply_bandwidth(const std::vector<Remote*>& remotes, uint64_t rate_bits,
                             const std::map<std::string, std::string>& addresses);

// Removes faultline's qdiscs (and only those) on every remote; idempotent.
std::vector<NodeOutcome<CommandResult>> heal_traffic_control(const std::vector<Remote*>& remotes);

}  // namespace faultline
