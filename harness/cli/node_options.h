// Options every command that talks to nodes shares (--nodes-file, --nodes,
// --user, --port, --key, --no-strict-host-keys), and opening SSH remotes from
// them. Used by exec, doctor, heal, nemesis and run.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "harness/cluster/nodes_file.h"
#include "harness/remote/remote.h"
#include "harness/base/source_error.h"

namespace faultline {

struct NodeOptions {
  std::string nodes_file;
  std::string only;  // "n1,n3": a subset of the nodes
  std::string user;
  int port = 0;
  std::string key;
  bool no_strict_host_keys = false;
};

// Adds the options to `cmd`; --nodes-file is required.
void add_node_options(CLI::App& cmd, NodeOptions& options);

// The nodes the options name, each with its (not yet connected) remote.
struct NodeSet {
  NodesFile file;
  std::vector<NodeSpec> nodes;
  std::vector<std::unique_ptr<Remote>> remotes;  // one per node, same order
  std::vector<Remote*> pointers() const;
};

Parsed<NodeSet> open_nodes(const NodeOptions& options);

}  // namespace faultline
