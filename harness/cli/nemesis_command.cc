#include "harness/cli/nemesis_command.h"

#include <iostream>
#include <memory>
#include <random>
#include <sstream>

#include "harness/cli/network_nemesis_command.h"
#include "harness/cli/node_options.h"
#include "harness/cli/process_clock_commands.h"
#include "harness/cli/schedule_command.h"
#include "nemeses/heal.h"
#include "nemeses/partition.h"
#include "nemeses/partition_shapes.h"

namespace faultline {
namespace {

struct PartitionArgs {
  NodeOptions nodes;
  ShapeRequest shape{"halves", "", {}, ""};
  std::string primaries;
  uint64_t seed = std::random_device{}();
};

// Prints failures; true when every node succeeded.
bool report(const std::vector<NodeOutcome<CommandResult>>& outcomes, const Command& what) {
  std::string failures = describe_failures(outcomes, what);
  if (!failures.empty()) std::cerr << failures << "\n";
  return failures.empty();
}

std::map<std::string, std::string> hosts_of(const NodeSet& set) {
  std::map<std::string, std::string> hosts;
  for (const NodeSpec& n : set.file.nodes) hosts[n.name] = n.host;
  return hosts;
}

int run_partition(PartitionArgs& args) {
  Parsed<NodeSet> set = open_nodes(args.nodes);
  if (!set) {
    std::cerr << "faultline nemesis partition: " << set.error().to_string() << "\n";
    return 255;
  }
  std::map<std::string, std::string> addresses;
  std::string unresolved = resolve_addresses(hosts_of(*set), &addresses);
  if (!unresolved.empty()) {
    std::cerr << "faultline nemesis partition: no fault applied: " << unresolved << "\n";
    return 255;
  }
  std::vector<std::string> names;
  for (const NodeSpec& n : set->nodes) names.push_back(n.name);
  std::stringstream primaries(args.primaries);
  for (std::string p; std::getline(primaries, p, ',');) args.shape.primary_nodes.push_back(p);
  std::mt19937_64 rng(args.seed);
  Parsed<Grudge> grudge = make_grudge(args.shape, names, rng);
  if (!grudge) {
    std::cerr << "faultline nemesis partition: " << grudge.error().message << "\n";
    return 254;
  }
  auto outcomes = apply_partition(set->pointers(), *grudge, addresses);
  std::cout << "partition (" << args.shape.shape << ", seed " << args.seed
            << "): each node drops packets from\n";
  for (const auto& [node, dropped] : *grudge) {
    std::cout << "  " << node << ":";
    for (const std::string& d : dropped) std::cout << " " << d;
    std::cout << "\n";
  }
  std::cout << "grudge: " << grudge_to_json(*grudge).dump() << "\n"
            << "undo with: faultline heal --nodes-file " << args.nodes.nodes_file << "\n";
  return report(outcomes, Command::shell("iptables ...")) ? 0 : 255;
}

int run_heal(const NodeOptions& options) {
  Parsed<NodeSet> set = open_nodes(options);
  if (!set) {
    std::cerr << "faultline heal: " << set.error().to_string() << "\n";
    return 255;
  }
  const HealReport healed = heal_all(set->pointers());
  std::cout << healed.describe();
  if (!healed.ok()) {
    std::cerr
        << "faultline heal: not every node is healed, faults may remain; fix these and run heal "
           "again:\n"
        << healed.describe_failures() << "\n";
    return 255;
  }
  std::cout << "healed: nothing faultline made is left on " << healed.nodes.size() << " node(s)\n";
  return 0;
}

}  // namespace

std::function<int()> add_nemesis_command(CLI::App& app) {
  CLI::App* nemesis = app.add_subcommand("nemesis", "Inject one fault by hand");
  nemesis->require_subcommand(1);
  auto args = std::make_shared<PartitionArgs>();
  CLI::App* partition = nemesis->add_subcommand("partition", "Cut the network between nodes");
  partition->footer(
      "Each node drops packets (iptables, in faultline's own chain) from the nodes the\n"
      "shape says; already open connections stop delivering too. Shapes: halves,\n"
      "random-halves, isolate (--target), random-isolate, bridge, minority-third,\n"
      "primaries (--primaries), majorities-ring, components (--components 'n1,n2|n3').\n"
      "Undo with `faultline heal`.");
  add_node_options(*partition, args->nodes);
  partition->add_option("--shape", args->shape.shape, "Partition shape")->capture_default_str();
  partition->add_option("--target", args->shape.target, "isolate: the node to cut off");
  partition->add_option("--components", args->shape.components,
                        "components: groups split by '|', e.g. 'n1,n2|n3,n4,n5'");
  partition->add_option("--primaries", args->primaries, "primaries: the primary nodes, e.g. n1");
  partition->add_option("--seed", args->seed, "Seed for random shapes (printed, for replay)");
  // Whichever subcommand the line chose sets `chosen`; the process and clock
  // commands run through their own dispatcher otherwise.
  auto chosen = std::make_shared<std::function<int()>>();
  partition->callback([chosen, args] { *chosen = [args] { return run_partition(*args); }; });
  add_network_nemesis_commands(*nemesis, chosen.get());
  add_schedule_command(*nemesis, chosen);
  std::function<int()> process_clock = add_process_clock_commands(*nemesis);
  return [chosen, process_clock] { return *chosen ? (*chosen)() : process_clock(); };
}

std::function<int()> add_heal_command(CLI::App& app) {
  auto options = std::make_shared<NodeOptions>();
  CLI::App* cmd = app.add_subcommand("heal", "Remove every fault faultline made on the nodes");
  cmd->footer(
      "Runs every healer on every node, in parallel, and prints per node and healer\n"
      "what it did: network removes faultline's iptables chain and rules. Works from\n"
      "the nodes alone (no ledger needed): safe to run any number of times, also\n"
      "after the controller was killed mid-run. Exit 0 when every node is healed.");
  add_node_options(*cmd, *options);
  return [options] { return run_heal(*options); };
}

}  // namespace faultline
