// A local cluster: N nodes on this machine, each a network namespace with its
// own address on a private bridge, its own hostname and its own sshd, reached
// by SSH exactly like a real machine (see ENVIRONMENT.md for what was measured).
//
// Layout for a cluster named NAME on 10.213.7.0/24 (the defaults):
//   bridge flbr-NAME with the controller's address 10.213.7.1/24;
//   node i (1-based): namespace fl-NAME-ni, veth flv-NAME-i (host side, on the
//   bridge) whose peer is eth0 in the namespace with 10.213.7.(10+i)/24;
//   no default route and no NAT, so no packet leaves the machine.
// Everything lives in the state directory /run/faultline/clusters/NAME:
//   state.json (what was or will be created: written before each thing is
//   made, so `down` can undo a half-finished `up` or a killed controller),
//   the cluster's key pair, authorized_keys, known_hosts, and per node its
//   host key, sshd_config, pid file and sshd log.
//
// The plan is local_cluster_plan.h; the work is split by concept into
// local_cluster.cc (up), local_cluster_down.cc, local_cluster_status.cc,
// local_cluster_network.*, local_cluster_sshd.* and local_cluster_state.*.
// All functions but plan_cluster need root; they run commands through run_local().
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "harness/cluster/local_cluster_plan.h"
#include "harness/cluster/nodes_file.h"

namespace faultline {

// What up and down did, for the person at the terminal.
struct ClusterOutcome {
  std::string error;               // empty on success
  std::vector<std::string> notes;  // what was done or found, one line each
  NodesFile nodes;                 // up: the nodes file that was written
  double seconds = 0;              // wall time taken
  bool interrupted = false;        // up: `stop` was requested, and what was made is gone again
  bool name_taken = false;         // up: another cluster has the name (nothing was made)
  bool ok() const { return error.empty(); }
};

// Brings the cluster up and writes the nodes file. On any failure it removes
// whatever it made (as `down` would) before returning the error. `stop` is
// checked between steps (and while waiting for sshd): once it is requested,
// `up` removes what it made and returns with `interrupted` set; the nodes file
// is then not written. Call it from a thread that has SIGINT and SIGTERM
// blocked when a signal should request the stop (see interrupt.h).
// The name is claimed atomically (the state directory is made, or found to
// exist: then `name_taken` is set and nothing was made); `claimed` is called
// right after the claim, before anything else is made.
ClusterOutcome cluster_up(const ClusterUpOptions& options, std::stop_token stop = {},
                          const std::function<void()>& claimed = {});

// Removes everything of the cluster whose state directory is `state_dir`:
// kills every process in its namespaces, deletes veths first, then
// namespaces, the bridge, the FORWARD rule and the state directory. Things
// that are already gone are fine, so it is idempotent and works after a
// half-finished `up`. The cluster's name is the directory's last component;
// devices that follow the naming scheme are removed even if state.json is lost.
ClusterOutcome cluster_down(const std::string& state_dir);
// The same, for the cluster that `nodes_file` (written by `up`) describes.
ClusterOutcome cluster_down_nodes_file(const std::string& nodes_file);

struct ClusterNodeStatus {
  std::string name;
  std::string address;  // host:port
  std::string netns;    // empty for nodes that are not local
  bool netns_exists = false;
  std::string container;  // a container node's container (its state is the CLI's to ask dockerd)
  std::optional<int64_t> sshd_pid;  // from the pid file; nullopt when not local or unknown
  bool sshd_alive = false;          // the pid exists and is not a zombie
  bool reachable = false;           // a TCP connection to address succeeded
  bool healthy() const { return reachable && (netns.empty() || (netns_exists && sshd_alive)); }
};

// Per node of the nodes file, checked in parallel. Error in `error` when the
// file cannot be read.
struct ClusterStatus {
  std::string error;
  std::vector<ClusterNodeStatus> nodes;
};
ClusterStatus cluster_status(
    const std::string& nodes_file,
    std::chrono::milliseconds connect_timeout = std::chrono::milliseconds(500));

// True when a TCP connection to host:port is accepted within `timeout`. With a
// `device`, the connection may only leave through it (SO_BINDTODEVICE): false
// when the device does not exist, so a probe of a removed local cluster's
// address is never routed off the machine.
bool tcp_reachable(const std::string& host, int port, std::chrono::milliseconds timeout,
                   const std::string& device = "");

}  // namespace faultline
