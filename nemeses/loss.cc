#include "nemeses/loss.h"

#include "harness/remote/parallel.h"
#include "nemeses/iptables.h"
#include "nemeses/traffic_shape.h"

namespace faultline {

std::string check_loss_percent(double percent) {
  if (percent > 0 && percent <= 100) return "";
  return "--percent must be above 0 and at most 100 (got " + format_number(percent) + ")";
}

std::vector<std::string> other_addresses(const std::string& node,
                                         const std::map<std::string, std::string>& addresses) {
  std::vector<std::string> others;
  const auto own = addresses.find(node);
  for (const auto& [name, address] : addresses) {
    if (name == node || (own != addresses.end() && address == own->second)) continue;
    others.push_back(address);
  }
  return others;
}

std::map<std::string, Command> loss_commands(double percent, const std::vector<std::string>& nodes,
                                             const std::map<std::string, std::string>& addresses) {
  std::map<std::string, Command> out;
  for (const std::string& node : nodes) {
    out.emplace(node, drop_randomly_from(other_addresses(node, addresses), percent / 100.0));
  }
  return out;
}

FaultOutcome apply_loss(const std::vector<Remote*>& remotes, double percent,
                        const std::map<std::string, std::string>& addresses) {
  FaultOutcome outcome;
  outcome.fault.kind = "loss";
  outcome.fault.value = {{"percent", percent},
                         {"probability", percent / 100.0},
                         {"nodes", nlohmann::json::array()},
                         {"from", nlohmann::json::object()}};
  if (std::string bad = check_loss_percent(percent); !bad.empty()) {
    outcome.errors.push_back("no loss applied: " + bad);
    return outcome;
  }
  std::vector<std::string> nodes;
  for (Remote* remote : remotes) nodes.push_back(remote->node());
  const std::map<std::string, Command> commands = loss_commands(percent, nodes, addresses);
  auto results = on_nodes<CommandResult>(
      remotes, [&](Remote& remote) { return remote.run(commands.at(remote.node())); });
  for (const NodeOutcome<CommandResult>& result : results) {
    if (!succeeded(result)) {
      outcome.errors.push_back(describe_failures({result}, commands.at(result.node)));
      continue;
    }
    outcome.fault.nodes.push_back(result.node);
    outcome.fault.value["nodes"].push_back(result.node);
    outcome.fault.value["from"][result.node] = other_addresses(result.node, addresses);
  }
  return outcome;
}

}  // namespace faultline
