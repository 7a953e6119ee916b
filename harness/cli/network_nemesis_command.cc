#include "harness/cli/network_nemesis_command.h"

#include <iostream>
#include <memory>

#include "harness/cli/node_options.h"
#include "nemeses/loss.h"
#include "nemeses/partition.h"
#include "nemeses/traffic.h"

namespace faultline {
namespace {

struct NetworkFaultArgs {
  NodeOptions nodes;
  NetworkFaultRequest request;
};

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : ", ") + item;
  return text;
}

FaultOutcome apply(const NetworkFaultRequest& r, const std::vector<Remote*>& remotes,
                   const std::map<std::string, std::string>& addresses) {
  if (r.kind == "loss") return apply_loss(remotes, r.percent, addresses);
  if (r.kind == "bandwidth") return apply_bandwidth(remotes, *parse_rate(r.rate), addresses);
  return apply_netem(remotes, r.netem, addresses);
}

// "loss 20%: n1, n2 drop 20% of the packets they get from the other cluster nodes"
std::string summary(const NetworkFaultRequest& r, const std::vector<std::string>& nodes) {
  const std::string who = joined(nodes);
  if (r.kind == "loss") {
    const std::string p = format_number(r.percent) + "%";
    return "loss " + p + ": " + who + " drop " + p +
           " of the packets they get from the other cluster nodes (iptables, chain faultline-loss)";
  }
  if (r.kind == "bandwidth") {
    const std::string rate = format_rate(*parse_rate(r.rate));
    return "bandwidth " + rate + ": " + who + " send at most " + rate +
           " to the other cluster nodes (tc htb, handle fa17:)";
  }
  return "netem " + describe_netem(r.netem) + ": on the packets " + who +
         " send to the other cluster nodes (tc netem under htb fa17:)";
}

int run_from_command_line(const NetworkFaultArgs& args) {
  const std::string prefix = "faultline nemesis " + args.request.kind + ": ";
  if (std::string bad = check_network_fault(args.request); !bad.empty()) {
    std::cerr << prefix << bad << "\n";
    return 254;
  }
  Parsed<NodeSet> set = open_nodes(args.nodes);
  if (!set) {
    std::cerr << prefix << set.error().to_string() << "\n";
    return 255;
  }
  std::map<std::string, std::string> hosts, addresses;
  for (const NodeSpec& n : set->file.nodes) hosts[n.name] = n.host;
  if (std::string unresolved = resolve_addresses(hosts, &addresses); !unresolved.empty()) {
    std::cerr << prefix << "no fault applied: " << unresolved << "\n";
    return 255;
  }
  return run_network_fault(args.request, set->pointers(), addresses, args.nodes.nodes_file,
                           std::cout, std::cerr);
}

void add_loss(CLI::App& nemesis, std::function<int()>* chosen) {
  auto args = std::make_shared<NetworkFaultArgs>();
  args->request.kind = "loss";
  CLI::App* cmd = nemesis.add_subcommand("loss", "Drop a random share of packets between nodes");
  cmd->footer(
      "Each node (all, or --nodes) drops --percent of the packets it gets from the other\n"
      "cluster nodes (iptables statistic match, in faultline's chain faultline-loss;\n"
      "a partition may be in force too). A round trip between two nodes that both\n"
      "have it loses 1-(1-p)^2: 51% at 30%. Undo with `faultline heal`.");
  add_node_options(*cmd, args->nodes);
  cmd->add_option("--percent", args->request.percent, "Share of packets dropped, 0..100")
      ->required();
  cmd->callback([args, chosen] { *chosen = [args] { return run_from_command_line(*args); }; });
}

void add_bandwidth(CLI::App& nemesis, std::function<int()>* chosen) {
  auto args = std::make_shared<NetworkFaultArgs>();
  args->request.kind = "bandwidth";
  CLI::App* cmd = nemesis.add_subcommand("bandwidth", "Limit what nodes send to each other");
  cmd->footer(
      "Each node (all, or --nodes) sends at most --rate to the other cluster nodes\n"
      "(tc htb, root handle fa17:, filtered by destination; other traffic is not\n"
      "limited). Replaces an earlier delay. Undo with `faultline heal`.");
  add_node_options(*cmd, args->nodes);
  cmd->add_option("--rate", args->request.rate, "e.g. 8mbit, 500kbit, 1gbit, 1mbps (bytes)")
      ->required();
  cmd->callback([args, chosen] { *chosen = [args] { return run_from_command_line(*args); }; });
}

void add_delay(CLI::App& nemesis, std::function<int()>* chosen) {
  auto args = std::make_shared<NetworkFaultArgs>();
  args->request.kind = "delay";
  Netem& n = args->request.netem;
  CLI::App* cmd = nemesis.add_subcommand(
      "delay", "Delay, duplicate, reorder or corrupt packets between nodes (netem)");
  cmd->alias("netem");
  cmd->footer(
      "Each node (all, or --nodes) applies tc netem to the packets it sends to the other\n"
      "cluster nodes (under htb root handle fa17:, filtered by destination). Nodes whose\n"
      "kernel has no netem (sch_netem) are named and left alone. Replaces an earlier\n"
      "bandwidth limit. Undo with `faultline heal`.");
  add_node_options(*cmd, args->nodes);
  cmd->add_option("--ms", n.delay_ms, "Delay in milliseconds");
  cmd->add_option("--jitter-ms", n.jitter_ms, "Jitter (normal distribution) in milliseconds");
  cmd->add_option("--duplicate", n.duplicate_percent, "Percent of packets sent twice");
  cmd->add_option("--reorder", n.reorder_percent, "Percent of packets sent at once (needs --ms)");
  cmd->add_option("--corrupt", n.corrupt_percent, "Percent of packets with a flipped bit");
  cmd->callback([args, chosen] { *chosen = [args] { return run_from_command_line(*args); }; });
}

}  // namespace

void add_network_nemesis_commands(CLI::App& nemesis, std::function<int()>* chosen) {
  add_loss(nemesis, chosen);
  add_bandwidth(nemesis, chosen);
  add_delay(nemesis, chosen);
}

std::string check_network_fault(const NetworkFaultRequest& r) {
  if (r.kind == "loss") return check_loss_percent(r.percent);
  if (r.kind == "bandwidth") {
    auto rate = parse_rate(r.rate);
    return rate ? "" : "--rate: " + rate.error();
  }
  if (r.kind == "delay") return check_netem(r.netem);
  return "unknown network fault '" + r.kind + "' (loss, bandwidth, delay)";
}

int run_network_fault(const NetworkFaultRequest& request, const std::vector<Remote*>& remotes,
                      const std::map<std::string, std::string>& addresses,
                      const std::string& nodes_file, std::ostream& out, std::ostream& err) {
  const std::string prefix = "faultline nemesis " + request.kind + ": ";
  if (std::string bad = check_network_fault(request); !bad.empty()) {
    err << prefix << bad << "\n";
    return 254;
  }
  const FaultOutcome outcome = apply(request, remotes, addresses);
  for (const std::string& note : outcome.notes) out << "note: " << note << "\n";
  for (const std::string& error : outcome.errors) err << prefix << error << "\n";
  if (outcome.fault.nodes.empty()) {
    err << prefix << "no fault applied on any node\n";
    return 255;
  }
  const nlohmann::json fault = {
      {"kind", outcome.fault.kind}, {"nodes", outcome.fault.nodes}, {"value", outcome.fault.value}};
  out << summary(request, outcome.fault.nodes) << "\n"
      << "fault: " << fault.dump() << "\n"
      << "undo with: faultline heal --nodes-file " << nodes_file << "\n";
  return outcome.ok() && outcome.fault.nodes.size() == remotes.size() ? 0 : 255;
}

}  // namespace faultline
