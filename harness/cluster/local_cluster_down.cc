// `cluster down`: removes the union of what state.json lists and what the
// machine shows under the cluster's names, so it is idempotent and works after
// a half-finished `up`, a killed controller or a lost state file.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <thread>

#include "harness/cluster/local_cluster.h"
#include "harness/cluster/local_cluster_host.h"
#include "harness/cluster/local_cluster_network.h"
#include "harness/cluster/local_cluster_state.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Sends `signal` to each pid, then waits up to `patience` for all to be gone.
// The pids still alive afterwards.
std::set<int64_t> signal_and_wait(const std::set<int64_t>& pids, int signal,
                                  milliseconds patience) {
  for (int64_t pid : pids) ::kill(static_cast<pid_t>(pid), signal);
  const Clock::time_point deadline = Clock::now() + patience;
  std::set<int64_t> alive = pids;
  while (true) {
    std::erase_if(alive, [](int64_t pid) { return !process_alive(pid); });
    if (alive.empty() || Clock::now() >= deadline) return alive;
    std::this_thread::sleep_for(milliseconds(10));
  }
}

// Every process in the cluster's namespaces, plus sshds named by pid files.
std::set<int64_t> cluster_processes(const ClusterState& state,
                                    const std::vector<std::string>& namespaces) {
  std::set<int64_t> pids;
  for (const std::string& ns : namespaces) {
    for (const std::string& line : lines_of(run_on_host({"ip", "netns", "pids", ns}).out)) {
      const int64_t pid = std::atoll(line.c_str());
      if (pid > 1) pids.insert(pid);
    }
  }
  std::vector<int64_t> candidates = state.sshd_pids;
  for (const ClusterNodePlan& node : state.plan.nodes) {
    if (std::optional<int64_t> pid = read_pid(node.pid_file)) candidates.push_back(*pid);
  }
  for (int64_t pid : candidates) {
    if (process_alive(pid) && cmdline_mentions(pid, state.plan.state_dir)) pids.insert(pid);
  }
  return pids;
}

void kill_processes(const ClusterState& state, const ClusterLeftovers& found,
                    ClusterOutcome* outcome) {
  const std::set<int64_t> pids = cluster_processes(state, found.namespaces);
  if (pids.empty()) return;
  std::set<int64_t> alive = signal_and_wait(pids, SIGTERM, milliseconds(2000));
  if (!alive.empty()) alive = signal_and_wait(alive, SIGKILL, milliseconds(2000));
  outcome->notes.push_back("stopped " + std::to_string(pids.size() - alive.size()) +
                           " process(es)");
  for (int64_t pid : alive) {
    outcome->error += (outcome->error.empty() ? "" : "; ") + std::string("process ") +
                      std::to_string(pid) + " survived SIGKILL";
  }
}

void check_all_gone(const ClusterState& state, ClusterOutcome* outcome) {
  const ClusterLeftovers left = find_leftovers(state);
  if (left.empty()) return;
  std::vector<std::string> names = left.namespaces;
  names.insert(names.end(), left.veths.begin(), left.veths.end());
  names.insert(names.end(), left.bridges.begin(), left.bridges.end());
  outcome->error +=
      (outcome->error.empty() ? "" : "; ") + std::string("still there: ") + join_names(names);
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

ClusterOutcome cluster_down(const std::string& state_dir) {
  const Clock::time_point start = Clock::now();
  ClusterOutcome outcome;
  if (::geteuid() != 0) {
    outcome.error =
        "faultline cluster down needs root (it deletes network namespaces): run it with sudo";
    return outcome;
  }
  const ClusterState state = load_state(normal_dir(state_dir));
  const ClusterLeftovers found = find_leftovers(state);
  kill_processes(state, found, &outcome);
  remove_devices(found, &outcome);
  remove_forward_rule(state, &outcome);
  check_all_gone(state, &outcome);
  if (outcome.ok()) remove_state_dir(state.plan.state_dir, &outcome);
  if (outcome.ok() && outcome.notes.empty()) {
    outcome.notes.push_back("nothing of cluster '" + state.plan.name + "' was left");
  }
  outcome.seconds = seconds_since(start);
  return outcome;
}

ClusterOutcome cluster_down_nodes_file(const std::string& nodes_file) {
  ClusterOutcome outcome;
  Parsed<NodesFile> nodes = read_nodes_file(nodes_file);
  if (!nodes) {
    outcome.error = nodes.error().to_string();
  } else if (nodes->local_cluster.empty()) {
    outcome.error = nodes_file +
                    " describes machines, not a local cluster (it has no 'local_cluster:'); "
                    "there is nothing to take down";
  } else {
    outcome = cluster_down(nodes->local_cluster);
  }
  return outcome;
}

}  // namespace faultline
