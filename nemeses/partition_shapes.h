// Partition shapes: pure functions of the node list (and a seeded random
// generator where the shape is random) to the grudge to apply. Shapes know
// nothing of iptables or nodes' addresses; the partition nemesis applies them.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "harness/base/source_error.h"
#include "nemeses/grudge.h"

namespace faultline {

using Nodes = std::vector<std::string>;

// Two halves: the first n/2 nodes and the rest.
Components halves(const Nodes& nodes);
// Two halves of a shuffled node list.
Components random_halves(const Nodes& nodes, std::mt19937_64& rng);
// One node alone, the rest together.
Components isolate(const Nodes& nodes, const std::string& node);
Components isolate_random(const Nodes& nodes, std::mt19937_64& rng);
// Two halves joined by one node that sees both (the middle of the list).
Components bridge(const Nodes& nodes);
// A third of the nodes (at least one) cut off from the rest.
Components minority_third(const Nodes& nodes, std::mt19937_64& rng);
// The primaries cut off from the rest.
Components primaries(const Nodes& nodes, const Nodes& primary_nodes);
// Every node sees a majority (itself and its neighbours on a shuffled ring),
// but no two nodes see the same majority. Usually not symmetric.
Grudge majorities_ring(const Nodes& nodes, std::mt19937_64& rng);
// Explicit components, "n1,n2|n3,n4,n5": every node in exactly one.
Parsed<Components> parse_components(const std::string& spec, const Nodes& nodes);

// A shape by name, for configs and the command line.
struct ShapeRequest {
  std::string shape;       // halves, random-halves, isolate, random-isolate, bridge,
                           // minority-third, primaries, majorities-ring, components
  std::string target;      // isolate: the nodes cut off, any target (targets.h);
                           // empty: one
  Nodes primary_nodes;     // primaries
  std::string components;  // components: "n1,n2|n3"
};

std::vector<std::string> shape_names();
// The grudge for a request; errors name the bad shape (with "did you mean") or node.
Parsed<Grudge> make_grudge(const ShapeRequest& request, const Nodes& nodes, std::mt19937_64& rng);

}  // namespace faultline
