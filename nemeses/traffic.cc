#include "nemeses/traffic.h"

#include "nemeses/loss.h"
#include "nemeses/tc.h"

namespace faultline {
namespace {

// What became of one node.
struct NodeShaping {
  bool applied = false;
  std::map<std::string, std::vector<std::string>> destinations_by_device;
  std::string error;  // names the node
  std::string note;   // not applied, and not a failure (e.g. no netem in the kernel)
};

std::string failure(const std::string& node, const RemoteResult<CommandResult>& result,
                    const Command& command) {
  return describe_failures(std::vector<NodeOutcome<CommandResult>>{{node, result}}, command);
}

// Empty `error` when every destination has a device.
std::map<std::string, std::vector<std::string>> group_by_device(
    const std::vector<std::string>& destinations, const CommandResult& routes,
    const std::string& node, std::string* error) {
  const std::map<std::string, std::string> devices = parse_route_devices(routes.out);
  std::map<std::string, std::vector<std::string>> grouped;
  for (const std::string& destination : destinations) {
    auto it = devices.find(destination);
    if (it == devices.end()) {
      *error = node + ": no route to " + destination + " (`ip -o route get " + destination +
               "`: " + routes.tail() + "); nothing shaped on this node";
      return {};
    }
    grouped[it->second].push_back(destination);
  }
  return grouped;
}

NodeShaping shape_node(Remote& remote, const TrafficShape& shape,
                       const std::vector<std::string>& destinations, const std::string& what) {
  const std::string& node = remote.node();
  NodeShaping s;
  if (destinations.empty()) {
    s.note = node + ": no other nodes: " + what + " not applied";
    return s;
  }
  if (shape.netem) {
    const Command probe = probe_netem();
    RemoteResult<CommandResult> probed = remote.run(probe);
    if (probed.ok() && probed->exit_status == kNoNetemStatus) {
      s.note = node + ": this kernel has no netem (sch_netem): " + what + " not applied";
      return s;
    }
    if (!probed.ok() || !probed->ok()) {
      s.error = "could not tell whether the kernel has netem: " + failure(node, probed, probe);
      return s;
    }
  }
  const Command routes = route_devices(destinations);
  RemoteResult<CommandResult> routed = remote.run(routes);
  if (!routed.ok()) {
    s.error = failure(node, routed, routes);
    return s;
  }
  s.destinations_by_device = group_by_device(destinations, *routed, node, &s.error);
  if (!s.error.empty()) return s;
  const Command command = shape_egress(s.destinations_by_device, shape);
  RemoteResult<CommandResult> shaped = remote.run(command);
  if (!shaped.ok() || !shaped->ok()) {
    s.error = failure(node, shaped, command) + "; removed what was made";
    remote.run(unshape_all());  // best effort: leave nothing half made
    return s;
  }
  s.applied = true;
  return s;
}

FaultOutcome shape_nodes(const std::vector<Remote*>& remotes, const TrafficShape& shape,
                         const std::map<std::string, std::string>& addresses, AppliedFault fault,
                         const std::string& what) {
  FaultOutcome outcome;
  outcome.fault = std::move(fault);
  outcome.fault.value["nodes"] = nlohmann::json::array();
  outcome.fault.value["devices"] = nlohmann::json::object();
  outcome.fault.value["handle"] = kShapeHandle;
  auto results = on_nodes<NodeShaping>(remotes, [&](Remote& remote) {
    return RemoteResult<NodeShaping>(
        shape_node(remote, shape, other_addresses(remote.node(), addresses), what));
  });
  for (const NodeOutcome<NodeShaping>& result : results) {
    const NodeShaping& s = *result.result;
    if (!s.error.empty()) outcome.errors.push_back(s.error);
    if (!s.note.empty()) outcome.notes.push_back(s.note);
    if (!s.applied) continue;
    outcome.fault.nodes.push_back(result.node);
    outcome.fault.value["nodes"].push_back(result.node);
    for (const auto& [device, destinations] : s.destinations_by_device) {
      outcome.fault.value["devices"][result.node].push_back(device);
    }
  }
  return outcome;
}

}  // namespace

FaultOutcome apply_netem(const std::vector<Remote*>& remotes, const Netem& netem,
                         const std::map<std::string, std::string>& addresses) {
  AppliedFault fault{"netem", {}, netem_to_json(netem)};
  if (std::string bad = check_netem(netem); !bad.empty()) {
    return FaultOutcome{std::move(fault), {"no netem applied: " + bad}, {}};
  }
  return shape_nodes(remotes, TrafficShape{std::nullopt, netem}, addresses, std::move(fault),
                     describe_netem(netem));
}

FaultOutcome apply_bandwidth(const std::vector<Remote*>& remotes, uint64_t rate_bits,
                             const std::map<std::string, std::string>& addresses) {
  AppliedFault fault{
      "bandwidth", {}, {{"rate", format_rate(rate_bits)}, {"rate_bits_per_second", rate_bits}}};
  if (rate_bits < 1000) {
    return FaultOutcome{std::move(fault), {"no bandwidth limit applied: rate below 1kbit"}, {}};
  }
  return shape_nodes(remotes, TrafficShape{rate_bits, std::nullopt}, addresses, std::move(fault),
                     "bandwidth limit " + format_rate(rate_bits));
}

std::vector<NodeOutcome<CommandResult>> heal_traffic_control(const std::vector<Remote*>& remotes) {
  return run_on_nodes(remotes, unshape_all());
}

}  // namespace faultline
