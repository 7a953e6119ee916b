#include "nemeses/partition_shapes.h"

#include <algorithm>

#include "harness/base/suggest.h"
#include "nemeses/targets.h"
#include "harness/base/text_list.h"

namespace faultline {
namespace {

Components split_at(const Nodes& nodes, size_t at) {
  return {Nodes(nodes.begin(), nodes.begin() + static_cast<ptrdiff_t>(at)),
          Nodes(nodes.begin() + static_cast<ptrdiff_t>(at), nodes.end())};
}

Nodes shuffled(Nodes nodes, std::mt19937_64& rng) {
  std::shuffle(nodes.begin(), nodes.end(), rng);
  return nodes;
}

SourceError shape_error(std::string message) { return SourceError{{}, std::move(message)}; }

}  // namespace

Components halves(const Nodes& nodes) { return split_at(nodes, nodes.size() / 2); }

Components random_halves(const Nodes& nodes, std::mt19937_64& rng) {
  return halves(shuffled(nodes, rng));
}

Components isolate(const Nodes& nodes, const std::string& node) {
  Nodes rest;
  for (const std::string& n : nodes) {
    if (n != node) rest.push_back(n);
  }
  return {{node}, rest};
}

Components isolate_random(const Nodes& nodes, std::mt19937_64& rng) {
  return isolate(nodes, nodes[rng() % nodes.size()]);
}

Components bridge(const Nodes& nodes) {
  const size_t middle = nodes.size() / 2;
  Nodes left(nodes.begin(), nodes.begin() + static_cast<ptrdiff_t>(middle) + 1);
  Nodes right(nodes.begin() + static_cast<ptrdiff_t>(middle), nodes.end());
  return {left, right};
}

Components minority_third(const Nodes& nodes, std::mt19937_64& rng) {
  return split_at(shuffled(nodes, rng), std::max<size_t>(1, nodes.size() / 3));
}

Components primaries(const Nodes& nodes, const Nodes& primary_nodes) {
  Components out{{}, {}};
  for (const std::string& n : nodes) {
    bool primary = std::find(primary_nodes.begin(), primary_nodes.end(), n) != primary_nodes.end();
    out[primary ? 0 : 1].push_back(n);
  }
  return out;
}

Grudge majorities_ring(const Nodes& nodes, std::mt19937_64& rng) {
  const Nodes ring = shuffled(nodes, rng);
  const size_t n = ring.size();
  const size_t majority = n / 2 + 1;
  const size_t left = (majority - 1) / 2, right = majority - 1 - left;
  Grudge grudge;
  for (size_t i = 0; i < n; ++i) {
    std::set<std::string> visible;
    for (size_t k = 0; k <= left; ++k) visible.insert(ring[(i + n - k) % n]);
    for (size_t k = 0; k <= right; ++k) visible.insert(ring[(i + k) % n]);
    for (const std::string& other : ring) {
      if (!visible.count(other)) grudge[ring[i]].insert(other);
    }
  }
  return grudge;
}

Parsed<Components> parse_components(const std::string& spec, const Nodes& nodes) {
  Components out;
  std::set<std::string> seen;
  for (const std::string& group : split_trimmed(spec, '|')) {
    out.emplace_back();
    for (const std::string& name : split_trimmed(group, ',')) {
      if (name.empty()) continue;
      if (std::find(nodes.begin(), nodes.end(), name) == nodes.end())
        return shape_error("components '" + spec +
                           "': " + unknown_name_message("node", name, nodes));
      if (!seen.insert(name).second)
        return shape_error("components '" + spec + "': node " + name + " is in two components");
      out.back().push_back(name);
    }
    if (out.back().empty()) return shape_error("components '" + spec + "': an empty component");
  }
  for (const std::string& n : nodes) {
    if (!seen.count(n))
      return shape_error("components '" + spec + "': node " + n + " is in no component");
  }
  if (out.size() < 2)
    return shape_error("components '" + spec + "': need at least two, split by '|'");
  return out;
}

std::vector<std::string> shape_names() {
  return {"halves",         "random-halves", "isolate",         "random-isolate", "bridge",
          "minority-third", "primaries",     "majorities-ring", "components"};
}

Parsed<Grudge> make_grudge(const ShapeRequest& r, const Nodes& nodes, std::mt19937_64& rng) {
  if (nodes.size() < 2) return shape_error("a partition needs at least two nodes");
  const std::string& s = r.shape;
  if (s == "halves") return complete_grudge(halves(nodes));
  if (s == "random-halves") return complete_grudge(random_halves(nodes, rng));
  if (s == "random-isolate") return complete_grudge(isolate_random(nodes, rng));
  if (s == "bridge") return complete_grudge(bridge(nodes));
  if (s == "minority-third") return complete_grudge(minority_third(nodes, rng));
  if (s == "majorities-ring") return majorities_ring(nodes, rng);
  if (s == "isolate" || s == "primaries") {
    // The target's nodes on one side, every other node on the other.
    const std::string target = s == "primaries" ? "primaries" : r.target.empty() ? "one" : r.target;
    Parsed<TargetNodes> cut = choose_targets({target, r.primary_nodes}, nodes, rng);
    if (!cut) return shape_error(s + ": " + cut.error().message);
    if (cut->size() == nodes.size()) {
      return shape_error(s + ": target '" + target + "' picks every node, so none is cut off");
    }
    return complete_grudge(primaries(nodes, *cut));
  }
  if (s == "components") {
    Parsed<Components> c = parse_components(r.components, nodes);
    if (!c) return c.error();
    return complete_grudge(*c);
  }
  return shape_error(unknown_name_message("partition shape", s, shape_names()));
}

}  // namespace faultline
