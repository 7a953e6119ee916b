#include "harness/cluster/local_cluster_plan.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <regex>

#include "harness/cluster/ipv4_subnet.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxNodes = 99;       // veth names flv-NAME-99 stay within 15 characters
constexpr int kFirstNodeHost = 11;  // node i is at network + 10 + i

// The first reason `options` cannot make a cluster, or empty; `subnet` is parsed on the way.
std::string check_options(const ClusterUpOptions& options, Ipv4Subnet* subnet) {
  static const std::regex kName("[a-z0-9][a-z0-9-]{0,7}");
  if (!std::regex_match(options.name, kName)) {
    return "cluster name '" + options.name +
           "' must be 1 to 8 lowercase letters, digits or '-' (it goes into device names, "
           "which are limited to 15 characters)";
  }
  if (options.nodes < 1 || options.nodes > kMaxNodes) {
    return "a local cluster has 1 to " + std::to_string(kMaxNodes) + " nodes, not " +
           std::to_string(options.nodes);
  }
  if (std::string error = parse_subnet(options.subnet, subnet); !error.empty()) return error;
  if (!is_private(*subnet)) {
    return "subnet " + options.subnet +
           " is not private (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16); a local cluster "
           "must not use addresses that exist elsewhere";
  }
  const uint64_t last = uint64_t{subnet->network} + kFirstNodeHost - 1 + options.nodes;
  if (last >= subnet->broadcast()) {
    return "subnet " + options.subnet + " is too small for " + std::to_string(options.nodes) +
           " nodes (they take ." + std::to_string(kFirstNodeHost) + " onwards)";
  }
  if (options.state_root.empty()) return "no state directory given";
  return "";
}

ClusterNodePlan plan_node(const ClusterPlan& cluster, const Ipv4Subnet& subnet, int i) {
  ClusterNodePlan node;
  node.name = "n" + std::to_string(i);
  node.netns = cluster_netns_prefix(cluster.name) + std::to_string(i);
  node.veth = cluster_veth_prefix(cluster.name) + std::to_string(i);
  node.address = format_ipv4(subnet.network + kFirstNodeHost - 1 + i);
  node.dir = cluster.state_dir + "/nodes/" + node.name;
  node.pid_file = node.dir + "/sshd.pid";
  return node;
}

}  // namespace

std::string plan_cluster(const ClusterUpOptions& options, ClusterPlan* plan) {
  Ipv4Subnet subnet;
  if (std::string error = check_options(options, &subnet); !error.empty()) return error;
  ClusterPlan out;
  out.name = options.name;
  out.state_dir = (fs::path(options.state_root) / options.name).string();
  out.bridge = cluster_bridge_name(options.name);
  out.controller_address = format_ipv4(subnet.network + 1);
  out.prefix_length = subnet.prefix;
  out.key_file = out.state_dir + "/id_ed25519";
  out.authorized_keys = out.state_dir + "/authorized_keys";
  out.known_hosts = out.state_dir + "/known_hosts";
  for (int i = 1; i <= options.nodes; ++i) out.nodes.push_back(plan_node(out, subnet, i));
  *plan = std::move(out);
  return "";
}

std::string cluster_netns_prefix(const std::string& name) { return "fl-" + name + "-n"; }
std::string cluster_veth_prefix(const std::string& name) { return "flv-" + name + "-"; }
std::string cluster_bridge_name(const std::string& name) { return "flbr-" + name; }

bool is_numbered_name(const std::string& text, const std::string& prefix) {
  if (text.rfind(prefix, 0) != 0 || text.size() == prefix.size()) return false;
  return std::all_of(text.begin() + static_cast<std::ptrdiff_t>(prefix.size()), text.end(),
                     [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace faultline
