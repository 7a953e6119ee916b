// Which nodes a process or clock fault hits: pure functions of the node list
// (and a seeded random generator where the choice is random), like the
// partition shapes. They know nothing of processes or clocks.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "harness/base/source_error.h"

namespace faultline {

using TargetNodes = std::vector<std::string>;

// One node, chosen at random.
TargetNodes target_one(const TargetNodes& nodes, std::mt19937_64& rng);
// Fewer than a majority: n/2 (rounded down) random nodes; none of one node.
TargetNodes target_minority(const TargetNodes& nodes, std::mt19937_64& rng);
// A majority: n/2 + 1 (rounded down) random nodes.
TargetNodes target_majority(const TargetNodes& nodes, std::mt19937_64& rng);
// At least one node, at random: a random size, then that many random nodes.
TargetNodes target_random_subset(const TargetNodes& nodes, std::mt19937_64& rng);
// The primaries that are among `nodes`, in the order of `nodes`.
TargetNodes target_primaries(const TargetNodes& nodes, const TargetNodes& primary_nodes);
// An explicit list, "n1,n3": every name must be one of `nodes`; no repeats.
Parsed<TargetNodes> parse_target_list(const std::string& spec, const TargetNodes& nodes);

// The named targets: one, minority, majority, all, primaries, random-subset.
std::vector<std::string> target_names();

struct TargetRequest {
  // A name from target_names(), or an explicit list of nodes ("n1,n3", or one name).
  std::string target = "one";
  TargetNodes primary_nodes;  // for "primaries"
};

// The chosen nodes, in the order of `nodes`. Errors name the bad target
// (with "did you mean"), an unknown node, or a target that picks no node.
Parsed<TargetNodes> choose_targets(const TargetRequest& request, const TargetNodes& nodes,
                                   std::mt19937_64& rng);

}  // namespace faultline
