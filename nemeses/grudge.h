// Partitions as values. A grudge says, for each node, the nodes whose packets
// it drops; one-way partitions are grudges that are not symmetric. Shapes
// (partition_shapes.h) are pure functions from the node list to a grudge;
// applying one to real nodes is the partition nemesis's job.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "harness/history/op.h"

namespace faultline {

// node -> the nodes whose packets it drops. Nodes with no grudge may be absent.
using Grudge = std::map<std::string, std::set<std::string>>;

// Groups of nodes that can talk among themselves. A node may sit in several
// components (the bridge node of `bridge`).
using Components = std::vector<std::vector<std::string>>;

// Every node drops every node it shares no component with.
Grudge complete_grudge(const Components& components);

// True when nobody drops anybody.
bool grudge_is_empty(const Grudge& grudge);

// Lossless JSON: {"n1": ["n3","n4"], ...}, nodes without grudges left out.
Json grudge_to_json(const Grudge& grudge);
Grudge grudge_from_json(const Json& json);

// "n1,n2 | n3,n4,n5"-style text of who can reach whom, for people.
std::string describe_components(const Components& components);

}  // namespace faultline
