// `cluster up` (see local_cluster.h). It works in steps: plan (pure), check
// the machine, record the plan in state.json, make keys and configs, make the
// bridge, namespaces and veths in one `ip -batch`, configure each namespace
// and start its sshd (in parallel), then wait until every sshd accepts
// connections. Between steps it checks the stop token; on any failure or stop
// it runs `down` on the state directory, which undoes whatever was made.
#include "harness/cluster/local_cluster.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>

#include "harness/cluster/cluster_claim.h"
#include "harness/cluster/local_cluster_host.h"
#include "harness/cluster/local_cluster_network.h"
#include "harness/cluster/local_cluster_sshd.h"
#include "harness/cluster/local_cluster_state.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr char kInterrupted[] = "interrupted";

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string check_prerequisites(const ClusterUpOptions& options) {
  if (::geteuid() != 0) {
    return "faultline cluster up needs root (it creates network namespaces): run it with sudo";
  }
  std::vector<std::string> missing;
  CommandResult ip = run_on_host({"ip", "netns", "list"});
  if (ip.exit_status == 127) {
    missing.push_back("iproute2 (the `ip` command)");
  } else if (!ip.ok()) {
    return "network namespaces do not work here: `ip netns list` says: " + ip.tail();
  }
  if (!fs::exists(options.sshd)) missing.push_back("openssh-server (" + options.sshd + ")");
  if (run_on_host({"ssh-keygen", "-?"}).exit_status == 127) {
    missing.push_back("openssh-client (ssh-keygen)");
  }
  if (run_on_host({"unshare", "--version"}).exit_status == 127) {
    missing.push_back("util-linux (unshare)");
  }
  if (missing.empty()) return "";
  return "faultline cluster up needs " + join_names(missing) +
         ": install them (apt-get install iproute2 openssh-server openssh-client)";
}

// The devices and the subnet; the name itself was claimed before.
std::string check_free(const ClusterPlan& plan, const ClusterUpOptions& options) {
  const std::vector<std::string> links = existing_links();
  if (contains_name(links, plan.bridge)) return "network device " + plan.bridge + " already exists";
  const std::vector<std::string> namespaces = existing_netns();
  for (const ClusterNodePlan& node : plan.nodes) {
    if (contains_name(namespaces, node.netns)) return "namespace " + node.netns + " already exists";
    if (contains_name(links, node.veth)) return "network device " + node.veth + " already exists";
  }
  return check_subnet_free(options.subnet);
}

std::string start_sshds(const ClusterPlan& plan, const std::string& sshd) {
  std::error_code error;
  fs::create_directories("/run/sshd", error);  // sshd's privilege separation directory
  if (error) return "cannot create /run/sshd: " + error.message();
  return in_parallel(plan.nodes.size(),
                     [&](size_t i) { return start_node(plan, plan.nodes[i], sshd); });
}

std::string record_sshd_pids(ClusterState* state) {
  for (const ClusterNodePlan& node : state->plan.nodes) {
    if (std::optional<int64_t> pid = read_pid(node.pid_file)) state->sshd_pids.push_back(*pid);
  }
  return save_state(*state);
}

// Every step of `up` after the state directory exists; the first error, or
// kInterrupted when `stop` was requested before a step.
std::string bring_up(ClusterState* state, const ClusterUpOptions& options, ClusterOutcome* outcome,
                     std::stop_token stop) {
  const ClusterPlan& plan = state->plan;
  const std::function<std::string()> steps[] = {
      [&] { return save_state(*state); },
      [&] { return make_keys_and_configs(plan); },
      [&] { return write_key_lists(plan); },
      [&] { return make_network(plan); },
      [&] { return allow_forwarding(state, outcome); },
      [&] { return start_sshds(plan, options.sshd); },
      [&] { return wait_until_ready(plan, options.ready_timeout, stop); },
      [&] { return record_sshd_pids(state); },
  };
  for (const std::function<std::string()>& step : steps) {
    if (stop.stop_requested()) return kInterrupted;
    if (std::string error = step(); !error.empty()) return error;
  }
  return stop.stop_requested() ? kInterrupted : "";
}

// After a failed or interrupted `up`: removes what was made, and says so.
void undo(const ClusterPlan& plan, ClusterOutcome* outcome) {
  ClusterOutcome down = cluster_down(plan.state_dir);
  if (outcome->interrupted) {
    outcome->error = "interrupted: removed what was made of cluster '" + plan.name + "'";
    outcome->notes.insert(outcome->notes.end(), down.notes.begin(), down.notes.end());
  }
  if (!down.ok()) outcome->error += "; cleaning up afterwards also failed: " + down.error;
}

}  // namespace

ClusterOutcome cluster_up(const ClusterUpOptions& options, std::stop_token stop,
                          const std::function<void()>& claimed) {
  const Clock::time_point start = Clock::now();
  ClusterOutcome outcome;
  ClusterState state;
  if (options.nodes_file.empty()) {
    outcome.error = "no nodes file given (where to write the cluster's node list)";
    return outcome;
  }
  outcome.error = plan_cluster(options, &state.plan);
  if (outcome.ok()) outcome.error = check_prerequisites(options);
  if (outcome.ok() && stop.stop_requested()) {
    outcome.interrupted = true;
    outcome.error = "interrupted before anything was made";
  }
  if (outcome.ok())
    outcome.error = claim_state_dir(options.state_root, state.plan, &outcome.name_taken);
  if (!outcome.ok()) return outcome;
  if (std::string busy = check_free(state.plan, options); !busy.empty()) {
    std::error_code ignored;
    fs::remove(state.plan.state_dir, ignored);  // still empty: give the name back
    outcome.error = busy;
    return outcome;
  }
  if (claimed) claimed();

  outcome.error = bring_up(&state, options, &outcome, stop);
  outcome.interrupted = outcome.error == kInterrupted;
  if (outcome.ok()) {
    outcome.nodes = nodes_file_for(state.plan, options.nodes_file, /*namespaces=*/true);
    outcome.error = write_nodes_file(outcome.nodes, options.nodes_file);
  }
  if (outcome.ok()) {
    give_to_sudo_user(state.plan, options.nodes_file);
  } else {
    outcome.nodes = {};
    undo(state.plan, &outcome);
  }
  outcome.seconds = seconds_since(start);
  return outcome;
}

}  // namespace faultline
