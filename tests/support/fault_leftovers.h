// What of faultline's network faults a node still has, looked at from outside
// its SSH path (the namespace through `ip netns exec`, the container through
// `docker exec`), so a test sees the node's real state after a heal: rules in
// any iptables table that name faultline, faultline's qdiscs (handles fa17:
// and fa18:), the netem probe's device.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "harness/remote/command.h"

namespace faultline::testing {

// Runs an argv inside one node.
using InNode = std::function<CommandResult(const std::vector<std::string>& argv)>;

InNode in_namespace(const std::string& netns);
InNode in_container(const std::string& container);

// One line per leftover (or per command that could not look); empty when clean.
std::string network_fault_leftovers(const InNode& in_node);

}  // namespace faultline::testing
