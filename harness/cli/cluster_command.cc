#include "harness/cli/cluster_command.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>

#include "harness/base/interrupt.h"
#include "harness/cluster/local_cluster.h"
#include "harness/docker/container_state.h"
#include "harness/docker/docker_cluster.h"

namespace faultline {
namespace {

constexpr int kExitUsage = 254;
constexpr int kExitError = 255;

struct ClusterArgs {
  ClusterUpOptions up;
  std::string backend = "namespaces";  // or "docker"
  std::string image;                   // docker: the image (default: faultline image build's)
  std::string nodes_file;              // down and status
  std::string name;                    // down, instead of a nodes file
  CLI::App* up_command = nullptr;
  CLI::App* down_command = nullptr;
  CLI::App* status_command = nullptr;
};

std::string format_seconds(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f s", seconds);
  return text;
}

// "faultline cluster up: <error>", unless the error already names the command.
void print_error(const std::string& command, const std::string& error) {
  if (error.rfind("faultline ", 0) == 0) {
    std::cerr << error << "\n";
  } else {
    std::cerr << command << ": " << error << "\n";
  }
}

void print_notes(const ClusterOutcome& outcome) {
  for (const std::string& note : outcome.notes) std::cout << "  " << note << "\n";
}

void print_up(const ClusterArgs& args, const ClusterOutcome& outcome) {
  std::cout << "cluster '" << args.up.name << "' is up: " << outcome.nodes.nodes.size()
            << " nodes in " << format_seconds(outcome.seconds) << "\n";
  for (const NodeSpec& node : outcome.nodes.nodes) {
    std::cout << "  " << node.name << "  " << node.host << "  ("
              << (node.netns.empty() ? "container " + node.container : "namespace " + node.netns)
              << ")\n";
  }
  const NodeSpec& first = outcome.nodes.nodes.front();
  std::cout << "nodes file: " << args.up.nodes_file << "\n"
            << "log in:     ssh -i " << first.key_file
            << " -o UserKnownHostsFile=" << first.known_hosts << " root@" << first.host << "\n"
            << "take down:  sudo faultline cluster down --nodes-file " << args.up.nodes_file
            << "\n";
}

// The first signal stops `up` (which then removes what it made); a second exits at once.
InterruptOptions up_interrupt_options(const std::string& name) {
  InterruptOptions options;
  options.on_signal = [](int, int count) {
    if (count == 1) {
      std::cerr << "\nfaultline cluster up: stopping; removing what was made "
                   "(signal again to exit at once)\n";
    }
  };
  options.force_exit = [name](int signal) {
    std::cerr << "\nfaultline cluster up: exiting at once; remove what is left with "
                 "`sudo faultline cluster down --name "
              << name << "`\n";
    std::_Exit(128 + signal);
  };
  options.force_after = 2;
  return options;
}

// A signal that came after `up` finished but before it was reported: the
// person asked to stop, so the cluster goes again.
void undo_late_stop(const ClusterArgs& args, ClusterOutcome* outcome) {
  ClusterOutcome down = any_cluster_down(outcome->nodes.local_cluster);
  std::remove(args.up.nodes_file.c_str());
  outcome->interrupted = true;
  outcome->error = "interrupted: removed cluster '" + args.up.name + "' again";
  if (!down.ok()) outcome->error += "; cleaning up also failed: " + down.error;
}

int run_up(const ClusterArgs& args) {
  ClusterPlan plan;
  if (std::string error = plan_cluster(args.up, &plan); !error.empty()) {
    print_error("faultline cluster up", error);
    return kExitUsage;
  }
  // Ctrl-C, SIGTERM, SIGHUP or SIGQUIT while `up` works stops it between steps; it then removes
  // what it made.
  InterruptGuard interrupt(up_interrupt_options(args.up.name));
  ClusterOutcome outcome;
  if (args.backend == kDockerBackend) {
    DockerClusterOptions options;
    options.cluster = args.up;
    options.image = args.image;
    outcome = docker_cluster_up(options, interrupt.stop_token());
  } else {
    outcome = cluster_up(args.up, interrupt.stop_token());
  }
  if (outcome.ok() && interrupt.interrupted()) undo_late_stop(args, &outcome);
  print_notes(outcome);
  if (outcome.interrupted) {
    print_error("faultline cluster up", outcome.error);
    return interrupt.interrupted() ? interrupt.exit_code() : 128 + SIGINT;
  }
  if (!outcome.ok()) {
    print_error("faultline cluster up", outcome.error);
    return kExitError;
  }
  print_up(args, outcome);
  return 0;
}

int run_down(const ClusterArgs& args) {
  if (args.nodes_file.empty() == args.name.empty()) {
    std::cerr << "faultline cluster down: give either --nodes-file or --name\n";
    return kExitUsage;
  }
  ClusterOutcome outcome =
      args.name.empty() ? any_cluster_down_nodes_file(args.nodes_file)
                        : any_cluster_down(std::string(kDefaultClusterStateRoot) + "/" + args.name);
  print_notes(outcome);
  if (!outcome.ok()) {
    print_error("faultline cluster down", outcome.error);
    return kExitError;
  }
  std::cout << "cluster is down (" << format_seconds(outcome.seconds) << ")\n";
  return 0;
}

std::string sshd_column(const ClusterNodeStatus& node) {
  if (node.netns.empty()) return "-";
  if (!node.sshd_pid) return "no pid file";
  return "pid " + std::to_string(*node.sshd_pid) + (node.sshd_alive ? "" : " (dead)");
}

// The container column of a container node: its name and dockerd's word for its
// state; dockerd's error goes to `problem` (once) and the state is "unknown".
struct ContainerColumn {
  std::string state;
  bool running = false;
};
ContainerColumn container_column(const DockerCli& docker, const ClusterNodeStatus& node,
                                 std::string* problem) {
  DockerResult<std::string> state = container_state(docker, node.container);
  if (!state) {
    if (problem->empty()) *problem = state.error().to_string();
    return {"unknown", false};
  }
  return {*state, *state == kContainerRunning};
}

int run_status(const ClusterArgs& args) {
  ClusterStatus status = cluster_status(args.nodes_file);
  if (!status.error.empty()) {
    print_error("faultline cluster status", status.error);
    return kExitError;
  }
  const bool containers =
      std::any_of(status.nodes.begin(), status.nodes.end(),
                  [](const ClusterNodeStatus& n) { return !n.container.empty(); });
  const DockerCli docker;
  std::string docker_problem;
  bool healthy = true;
  if (containers) {
    std::printf("%-8s %-22s %-24s %-10s %s\n", "node", "address", "container", "state", "ssh port");
  } else {
    std::printf("%-8s %-22s %-16s %-18s %s\n", "node", "address", "namespace", "sshd", "ssh port");
  }
  for (const ClusterNodeStatus& node : status.nodes) {
    const char* reachable = node.reachable ? "reachable" : "UNREACHABLE";
    healthy = healthy && node.healthy();
    if (containers) {
      const ContainerColumn column = node.container.empty()
                                         ? ContainerColumn{"-", true}
                                         : container_column(docker, node, &docker_problem);
      std::printf("%-8s %-22s %-24s %-10s %s\n", node.name.c_str(), node.address.c_str(),
                  node.container.empty() ? "-" : node.container.c_str(), column.state.c_str(),
                  reachable);
      healthy = healthy && column.running;
      continue;
    }
    const std::string netns = node.netns.empty()  ? "-"
                              : node.netns_exists ? node.netns
                                                  : node.netns + " (gone)";
    std::printf("%-8s %-22s %-16s %-18s %s\n", node.name.c_str(), node.address.c_str(),
                netns.c_str(), sshd_column(node).c_str(), reachable);
  }
  std::fflush(stdout);
  if (!docker_problem.empty())
    std::cerr << "faultline cluster status: cannot ask dockerd for the containers' state: "
              << docker_problem << "\n";
  return healthy ? 0 : 1;
}

void add_up(CLI::App& cluster, ClusterArgs& args) {
  args.up_command = cluster.add_subcommand("up", "Make N local nodes and write their nodes file");
  args.up_command->footer(
      "Each node is a network namespace on a private bridge, with its own address, hostname\n"
      "and sshd, reachable by SSH like a real machine. No default route and no NAT: nothing\n"
      "leaves this machine. The nodes file is what `faultline run --nodes-file` reads.\n"
      "Needs root (sudo), iproute2 and openssh-server. If anything fails, or Ctrl-C or\n"
      "SIGTERM comes before it is done, whatever was made is removed again (exit 130/143).\n"
      "Example: sudo faultline cluster up --nodes 5 --nodes-file nodes.yaml");
  args.up_command->add_option("--nodes,-n", args.up.nodes, "How many nodes (n1, n2, ...)")
      ->check(CLI::Range(1, 99))
      ->capture_default_str();
  args.up_command
      ->add_option("--nodes-file,-f", args.up.nodes_file,
                   "Where to write the nodes file (YAML: names, addresses, key)")
      ->required();
  args.up_command
      ->add_option("--subnet", args.up.subnet,
                   "Private IPv4 network for the bridge: the controller gets .1, the nodes\n"
                   ".11, .12, ... It must not be in use on this machine")
      ->capture_default_str();
  args.up_command
      ->add_option("--backend", args.backend,
                   "namespaces: network namespaces sharing this machine's files;\n"
                   "docker: containers with their own root filesystems (needs dockerd and\n"
                   "an image: `faultline image build`; docs/containers.md)")
      ->check(CLI::IsMember(std::vector<std::string>{"namespaces", kDockerBackend}))
      ->capture_default_str();
  args.up_command->add_option(
      "--image", args.image,
      "docker: the node image (default: the one `faultline image build` makes); it needs\n"
      "sshd, iproute2, iptables and procps (`faultline doctor --image IMAGE`)");
  args.up_command
      ->add_option("--name", args.up.name,
                   "Cluster name, 1-8 of a-z 0-9 -; several clusters need different names\n"
                   "and subnets")
      ->capture_default_str();
}

void add_down(CLI::App& cluster, ClusterArgs& args) {
  args.down_command = cluster.add_subcommand("down", "Remove a local cluster and all it made");
  args.down_command->footer(
      "Stops every process in the cluster's namespaces (sshd and anything a test started),\n"
      "deletes its veths, namespaces, bridge, firewall rule and state directory. Safe to\n"
      "repeat, and works after an `up` that failed half way or was killed. Needs root.\n"
      "Example: sudo faultline cluster down --nodes-file nodes.yaml");
  args.down_command->add_option("--nodes-file,-f", args.nodes_file,
                                "The nodes file that `cluster up` wrote");
  args.down_command->add_option(
      "--name", args.name, "The cluster's name, instead of --nodes-file (when the file is lost)");
}

void add_status(CLI::App& cluster, ClusterArgs& args) {
  args.status_command = cluster.add_subcommand("status", "Show whether each node is up");
  args.status_command->footer(
      "For each node of the nodes file: its address, whether its namespace and sshd are alive\n"
      "(namespace clusters) or its container's state as dockerd reports it (running, exited,\n"
      "missing, ...: container clusters), and whether its SSH port accepts a TCP connection.\n"
      "Exit status 0 when every node is fine (reachable, and its container running), 1\n"
      "otherwise, 255 when the nodes file cannot be read.");
  args.status_command->add_option("--nodes-file,-f", args.nodes_file, "The nodes file to check")
      ->required();
}

}  // namespace

std::function<int()> add_cluster_command(CLI::App& app) {
  auto args = std::make_shared<ClusterArgs>();
  CLI::App* cluster =
      app.add_subcommand("cluster", "Make, remove or inspect a local cluster of nodes");
  cluster->footer(
      "A local cluster is N network namespaces on one machine, each with its own sshd, so a\n"
      "test runs against it exactly as against real machines. Needs root.\n"
      "  sudo faultline cluster up --nodes 3 --nodes-file nodes.yaml\n"
      "  faultline cluster status --nodes-file nodes.yaml\n"
      "  sudo faultline cluster down --nodes-file nodes.yaml");
  cluster->require_subcommand(1);
  add_up(*cluster, *args);
  add_down(*cluster, *args);
  add_status(*cluster, *args);
  return [args] {
    if (args->up_command->parsed()) return run_up(*args);
    if (args->down_command->parsed()) return run_down(*args);
    if (args->status_command->parsed()) return run_status(*args);
    return kExitUsage;
  };
}

}  // namespace faultline
