// How to reach one node: what SshRemote needs, and what the nodes file
// (harness/cluster/nodes_file.h) holds one of per node.
#pragma once

#include <string>

namespace faultline {

struct NodeSpec {
  std::string name;  // short name used everywhere (n1); defaults to host
  std::string host;
  int port = 0;             // 0: from ssh config, else 22
  std::string user;         // empty: from ssh config, else the current user
  std::string key_file;     // empty: ssh config, agent, default identities
  std::string known_hosts;  // empty: ~/.ssh/known_hosts
  std::string netns;        // local cluster nodes only
  std::string container{};  // container cluster nodes only: the Docker container (may be left out)
  // Namespace and container nodes run on the controller's kernel: one clock for all.
  bool shares_host_kernel() const { return !netns.empty() || !container.empty(); }
};

}  // namespace faultline
