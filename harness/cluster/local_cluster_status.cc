// `cluster status` and the TCP probe it (and `up`, waiting for sshd) uses.
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "harness/base/unique_fd.h"
#include "harness/cluster/local_cluster.h"
#include "harness/cluster/local_cluster_host.h"
#include "harness/cluster/local_cluster_state.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

// A getaddrinfo() result, freed when it goes.
class AddressList {
 public:
  AddressList(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list_) != 0) {
      list_ = nullptr;
    }
  }
  AddressList(const AddressList&) = delete;
  AddressList& operator=(const AddressList&) = delete;
  ~AddressList() {
    if (list_ != nullptr) ::freeaddrinfo(list_);
  }
  const addrinfo* first() const { return list_; }

 private:
  addrinfo* list_ = nullptr;
};

bool connect_within(const addrinfo& address, milliseconds timeout, const std::string& device) {
  UniqueFd socket(::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                           address.ai_protocol));
  if (socket.get() < 0) return false;
  if (!device.empty() && ::setsockopt(socket.get(), SOL_SOCKET, SO_BINDTODEVICE, device.c_str(),
                                      static_cast<socklen_t>(device.size())) != 0) {
    return false;  // no such device (the bridge is gone): nothing to reach through it
  }
  if (::connect(socket.get(), address.ai_addr, address.ai_addrlen) == 0) return true;
  if (errno != EINPROGRESS) return false;
  pollfd wait{socket.get(), POLLOUT, 0};
  if (::poll(&wait, 1, static_cast<int>(timeout.count())) != 1) return false;
  int error = 0;
  socklen_t length = sizeof error;
  return ::getsockopt(socket.get(), SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
}

// A local cluster's nodes are probed only through its bridge: once it is gone,
// the addresses would otherwise be routed off the machine.
std::string bridge_of(const NodesFile& nodes) {
  if (nodes.local_cluster.empty()) return "";
  const ClusterState state = load_state(nodes.local_cluster);
  return state.plan.bridge.empty() ? cluster_bridge_name(state.plan.name) : state.plan.bridge;
}

ClusterNodeStatus node_status(const NodesFile& nodes, const NodeSpec& spec,
                              const std::string& bridge, milliseconds connect_timeout) {
  ClusterNodeStatus node;
  const int port = spec.port == 0 ? kClusterSshPort : spec.port;
  node.name = spec.name;
  node.address = spec.host + ":" + std::to_string(port);
  node.netns = spec.netns;
  node.container = spec.container;
  if (!spec.netns.empty()) node.netns_exists = fs::exists("/run/netns/" + spec.netns);
  if (!nodes.local_cluster.empty()) {
    node.sshd_pid = read_pid(nodes.local_cluster + "/nodes/" + spec.name + "/sshd.pid");
    node.sshd_alive = node.sshd_pid && process_alive(*node.sshd_pid);
  }
  node.reachable = tcp_reachable(spec.host, port, connect_timeout, bridge);
  return node;
}

}  // namespace

bool tcp_reachable(const std::string& host, int port, milliseconds timeout,
                   const std::string& device) {
  AddressList addresses(host, port);
  for (const addrinfo* a = addresses.first(); a != nullptr; a = a->ai_next) {
    if (connect_within(*a, timeout, device)) return true;
  }
  return false;
}

ClusterStatus cluster_status(const std::string& nodes_file, milliseconds connect_timeout) {
  ClusterStatus status;
  Parsed<NodesFile> nodes = read_nodes_file(nodes_file);
  if (!nodes) {
    status.error = nodes.error().to_string();
    return status;
  }
  const std::string bridge = bridge_of(*nodes);
  status.nodes.resize(nodes->nodes.size());
  in_parallel(nodes->nodes.size(), [&](size_t i) {
    status.nodes[i] = node_status(*nodes, nodes->nodes[i], bridge, connect_timeout);
    return std::string();
  });
  return status;
}

}  // namespace faultline
