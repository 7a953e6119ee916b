#include "harness/cluster/local_cluster_network.h"

#include <regex>
#include <set>
#include <sstream>

#include "harness/cluster/local_cluster_host.h"

namespace faultline {
namespace {

// The FORWARD rule that lets the bridge's traffic through after Docker set DROP.
std::vector<std::string> forward_rule(const std::string& action, const std::string& bridge) {
  return {"iptables", "-w", action, "FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT"};
}

bool have_iptables() { return run_on_host({"iptables", "--version"}).exit_status != 127; }

// `ip -force -batch`: every line is tried even when one fails (a piece may be gone already).
void ip_batch_ignoring_errors(const std::vector<std::string>& lines) {
  if (lines.empty()) return;
  std::string input;
  for (const std::string& line : lines) input += line + "\n";
  run_on_host({"ip", "-force", "-batch", "-"}, input);
}

void add_error(ClusterOutcome* outcome, const std::string& error) {
  outcome->error += (outcome->error.empty() ? "" : "; ") + error;
}

}  // namespace

std::string subnet_user(const Ipv4Subnet& subnet) {
  static const std::regex kNetwork(R"((\d+\.\d+\.\d+\.\d+)(/(\d+))?)");
  std::vector<std::string> lines = lines_of(run_on_host({"ip", "-o", "-4", "addr", "show"}).out);
  for (const std::string& line : lines_of(run_on_host({"ip", "-4", "route", "show"}).out)) {
    lines.push_back(line);
  }
  for (const std::string& line : lines) {
    std::smatch match;
    std::string text = line;
    const size_t inet = text.find(" inet ");
    if (inet != std::string::npos) text = text.substr(inet + 6);
    if (!std::regex_search(text, match, kNetwork) || match.position(0) != 0) continue;
    std::optional<uint32_t> address = parse_ipv4(match[1]);
    if (!address) continue;
    Ipv4Subnet used{*address, match[3].matched ? std::stoi(match[3]) : 32};
    used.network &= used.mask();
    if (overlaps(used, subnet)) return line;
  }
  return "";
}

std::string check_subnet_free(const std::string& cidr) {
  Ipv4Subnet subnet;
  if (std::string error = parse_subnet(cidr, &subnet); !error.empty()) return error;
  const std::string user = subnet_user(subnet);
  if (user.empty()) return "";
  return "subnet " + cidr + " is already in use on this machine (" + user +
         "); choose another with --subnet";
}

std::string make_network(const ClusterPlan& plan) {
  std::ostringstream batch;
  batch << "link add name " << plan.bridge << " type bridge\n"
        << "addr add " << plan.controller_address << "/" << plan.prefix_length << " dev "
        << plan.bridge << "\n"
        << "link set " << plan.bridge << " up\n";
  for (const ClusterNodePlan& node : plan.nodes) {
    batch << "netns add " << node.netns << "\n"
          << "link add " << node.veth << " type veth peer name eth0 netns " << node.netns << "\n"
          << "link set " << node.veth << " master " << plan.bridge << " up\n";
  }
  return run_on_host_checked({"ip", "-batch", "-"}, batch.str());
}

std::string allow_forwarding(ClusterState* state, ClusterOutcome* outcome) {
  if (!have_iptables()) return "";
  CommandResult rules = run_on_host({"iptables", "-w", "-S", "FORWARD"});
  if (!rules.ok()) return "";  // no usable iptables here: nothing filters bridged traffic
  // Also while the policy is ACCEPT: dockerd may start while the cluster is up, set
  // DROP and cut its nodes apart (docs/containers.md).
  state->forward_rule = true;
  if (std::string e = save_state(*state); !e.empty()) return e;
  const bool dropping = rules.out.find("-P FORWARD DROP") != std::string::npos;
  outcome->notes.push_back(
      "added an ACCEPT rule for " + state->plan.bridge + " to the FORWARD chain" +
      (dropping ? " (it drops by default: Docker?)" : " (Docker would set it to drop)"));
  return run_on_host_checked(forward_rule("-I", state->plan.bridge));
}

ClusterLeftovers find_leftovers(const ClusterState& state) {
  std::set<std::string> planned_ns, planned_veths;
  for (const ClusterNodePlan& node : state.plan.nodes) {
    planned_ns.insert(node.netns);
    planned_veths.insert(node.veth);
  }
  ClusterLeftovers found;
  for (const std::string& ns : existing_netns()) {
    if (planned_ns.count(ns) || is_numbered_name(ns, cluster_netns_prefix(state.plan.name))) {
      found.namespaces.push_back(ns);
    }
  }
  const std::string bridge = cluster_bridge_name(state.plan.name);
  for (const std::string& link : existing_links()) {
    if (planned_veths.count(link) || is_numbered_name(link, cluster_veth_prefix(state.plan.name))) {
      found.veths.push_back(link);
    } else if (link == bridge || link == state.plan.bridge) {
      found.bridges.push_back(link);
    }
  }
  return found;
}

void remove_devices(const ClusterLeftovers& found, ClusterOutcome* outcome) {
  std::vector<std::string> veths, namespaces, bridges;
  for (const std::string& veth : found.veths) veths.push_back("link del " + veth);
  for (const std::string& ns : found.namespaces) namespaces.push_back("netns del " + ns);
  for (const std::string& bridge : found.bridges) bridges.push_back("link del " + bridge);
  ip_batch_ignoring_errors(veths);
  ip_batch_ignoring_errors(namespaces);
  ip_batch_ignoring_errors(bridges);
  if (!found.namespaces.empty()) {
    outcome->notes.push_back("deleted " + join_names(found.namespaces));
  }
  if (!found.veths.empty() || !found.bridges.empty()) {
    std::vector<std::string> links = found.veths;
    links.insert(links.end(), found.bridges.begin(), found.bridges.end());
    outcome->notes.push_back("deleted " + join_names(links));
  }
}

void remove_forward_rule(const ClusterState& state, ClusterOutcome* outcome) {
  if (!have_iptables()) return;
  std::set<std::string> bridges = {cluster_bridge_name(state.plan.name)};
  if (!state.plan.bridge.empty()) bridges.insert(state.plan.bridge);
  for (const std::string& bridge : bridges) {
    // The rule may have been added more than once by hand; remove every copy.
    for (int i = 0; i < 16 && run_on_host(forward_rule("-C", bridge)).ok(); ++i) {
      if (std::string error = run_on_host_checked(forward_rule("-D", bridge)); !error.empty()) {
        add_error(outcome, error);
        break;
      }
      if (i == 0) outcome->notes.push_back("removed the iptables FORWARD rule for " + bridge);
    }
  }
}

}  // namespace faultline
