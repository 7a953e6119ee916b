#include "nemeses/partition.h"

#include <arpa/inet.h>
#include <netdb.h>

#include "nemeses/iptables.h"

namespace faultline {
namespace {

std::string resolve_one(const std::string& host) {
  in_addr parsed{};
  if (inet_pton(AF_INET, host.c_str(), &parsed) == 1) return host;
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0 || !found) return "";
  char text[INET_ADDRSTRLEN] = "";
  inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr, text, sizeof text);
  freeaddrinfo(found);
  return text;
}

}  // namespace

std::string resolve_addresses(const std::map<std::string, std::string>& hosts,
                              std::map<std::string, std::string>* addresses) {
  std::string errors;
  for (const auto& [node, host] : hosts) {
    std::string address = host.empty() ? "" : resolve_one(host);
    if (address.empty()) {
      errors += (errors.empty() ? "" : "; ") + node + ": '" + host + "' has no IPv4 address";
    } else {
      (*addresses)[node] = address;
    }
  }
  return errors;
}

std::map<std::string, Command> partition_commands(
    const Grudge& grudge, const std::map<std::string, std::string>& addresses) {
  std::map<std::string, Command> out;
  for (const auto& [node, address] : addresses) {
    std::vector<std::string> sources;
    auto it = grudge.find(node);
    if (it != grudge.end()) {
      for (const std::string& other : it->second) sources.push_back(addresses.at(other));
    }
    out.emplace(node, drop_from(sources));
  }
  return out;
}

std::vector<NodeOutcome<CommandResult>> apply_partition(
    const std::vector<Remote*>& remotes, const Grudge& grudge,
    const std::map<std::string, std::string>& addresses) {
  const std::map<std::string, Command> commands = partition_commands(grudge, addresses);
  return on_nodes<CommandResult>(
      remotes, [&](Remote& remote) { return remote.run(commands.at(remote.node())); });
}

std::vector<NodeOutcome<CommandResult>> heal_network(const std::vector<Remote*>& remotes) {
  return run_on_nodes(remotes, heal_iptables());
}

}  // namespace faultline
