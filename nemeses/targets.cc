#include "nemeses/targets.h"

#include <algorithm>
#include <set>

#include "harness/base/suggest.h"
#include "harness/base/text_list.h"

namespace faultline {
namespace {

TargetNodes shuffled_prefix(TargetNodes nodes, size_t count, std::mt19937_64& rng) {
  std::shuffle(nodes.begin(), nodes.end(), rng);
  nodes.resize(std::min(count, nodes.size()));
  return nodes;
}

// `chosen` in the order the nodes are listed, so output reads n1, n2, ...
TargetNodes in_node_order(const TargetNodes& nodes, const TargetNodes& chosen) {
  TargetNodes out;
  for (const std::string& n : nodes) {
    if (std::find(chosen.begin(), chosen.end(), n) != chosen.end()) out.push_back(n);
  }
  return out;
}

bool contains(const TargetNodes& nodes, const std::string& name) {
  return std::find(nodes.begin(), nodes.end(), name) != nodes.end();
}

SourceError target_error(std::string message) { return SourceError{{}, std::move(message)}; }

Parsed<TargetNodes> named_target(const TargetRequest& r, const TargetNodes& nodes,
                                 std::mt19937_64& rng) {
  const std::string& t = r.target;
  if (t == "one") return target_one(nodes, rng);
  if (t == "minority") return target_minority(nodes, rng);
  if (t == "majority") return target_majority(nodes, rng);
  if (t == "all") return nodes;
  if (t == "random-subset") return target_random_subset(nodes, rng);
  if (t == "primaries") {
    for (const std::string& p : r.primary_nodes) {
      if (!contains(nodes, p))
        return target_error("primaries: " + unknown_name_message("node", p, nodes));
    }
    return target_primaries(nodes, r.primary_nodes);
  }
  if (t.find(',') != std::string::npos || contains(nodes, t)) return parse_target_list(t, nodes);
  std::vector<std::string> known = target_names();
  known.insert(known.end(), nodes.begin(), nodes.end());
  return target_error(unknown_name_message("target", t, known) + " (or a list of nodes: n1,n3)");
}

}  // namespace

TargetNodes target_one(const TargetNodes& nodes, std::mt19937_64& rng) {
  return shuffled_prefix(nodes, 1, rng);
}

TargetNodes target_minority(const TargetNodes& nodes, std::mt19937_64& rng) {
  return in_node_order(nodes, shuffled_prefix(nodes, nodes.size() / 2, rng));
}

TargetNodes target_majority(const TargetNodes& nodes, std::mt19937_64& rng) {
  return in_node_order(nodes, shuffled_prefix(nodes, nodes.size() / 2 + 1, rng));
}

TargetNodes target_random_subset(const TargetNodes& nodes, std::mt19937_64& rng) {
  if (nodes.empty()) return {};
  const size_t count = 1 + rng() % nodes.size();
  return in_node_order(nodes, shuffled_prefix(nodes, count, rng));
}

TargetNodes target_primaries(const TargetNodes& nodes, const TargetNodes& primary_nodes) {
  return in_node_order(nodes, primary_nodes);
}

Parsed<TargetNodes> parse_target_list(const std::string& spec, const TargetNodes& nodes) {
  TargetNodes out;
  std::set<std::string> seen;
  for (const std::string& name : split_trimmed(spec, ',')) {
    if (name.empty()) continue;
    if (!contains(nodes, name))
      return target_error("target '" + spec + "': " + unknown_name_message("node", name, nodes));
    if (!seen.insert(name).second)
      return target_error("target '" + spec + "': node " + name + " is named twice");
    out.push_back(name);
  }
  return out;
}

std::vector<std::string> target_names() {
  return {"one", "minority", "majority", "all", "primaries", "random-subset"};
}

Parsed<TargetNodes> choose_targets(const TargetRequest& request, const TargetNodes& nodes,
                                   std::mt19937_64& rng) {
  Parsed<TargetNodes> chosen = named_target(request, nodes, rng);
  if (chosen && chosen->empty()) {
    return target_error("target '" + request.target + "' picks no node of " +
                        std::to_string(nodes.size()) +
                        (request.target == "primaries" ? ": the database named no primary"
                                                       : ": name nodes, e.g. --target n1"));
  }
  return chosen;
}

}  // namespace faultline
