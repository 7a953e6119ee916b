// The nodes of a cluster and how to reach them: the "nodes file" that
// `cluster up` writes and that `run`, `exec`, `doctor`, `heal`, ... read.
//
// Two forms are accepted:
//   YAML (written by `faultline cluster up`, or by hand):
//     nodes:
//       - name: n1
//         host: 10.213.7.11      # address, hostname, or ~/.ssh/config alias
//         port: 22               # optional
//         user: root             # optional (ssh config, then $USER)
//         key: /path/to/id_ed25519        # optional (ssh config, agent, defaults)
//         known_hosts: /path/known_hosts  # optional (~/.ssh/known_hosts)
//         netns: faultline-n1    # local cluster only: the node's network namespace
//         container: fl-NAME-n1  # container cluster only: the node's container
//     strict_host_keys: true     # optional, default true
//     local_cluster: /run/faultline/clusters/NAME   # set by `cluster up`
//   A plain list of hostnames, one per line (# comments allowed), for real
//   machines; user, port and key then come from options or ~/.ssh/config.
// Errors name the file, line and column.
#pragma once

#include <string>
#include <vector>

#include "harness/base/source_error.h"
#include "harness/remote/node_spec.h"

namespace faultline {

struct NodesFile {
  std::string path;  // where it was read from, for messages
  std::vector<NodeSpec> nodes;
  bool strict_host_keys = true;
  std::string local_cluster;  // state directory of a local cluster; empty for real machines
};

// Defaults applied to nodes that do not say (from command-line options).
struct NodeDefaults {
  std::string user;
  int port = 0;
  std::string key_file;
};

Parsed<NodesFile> read_nodes_file(const std::string& path, const NodeDefaults& defaults = {});
// The same from text already read; `path` names it in errors and anchors relative key paths.
Parsed<NodesFile> parse_nodes_text(const std::string& text, const std::string& path,
                                   const NodeDefaults& defaults = {});
// Writes the YAML form. Returns an error message, empty on success.
std::string write_nodes_file(const NodesFile& nodes, const std::string& path);

// The nodes named in `names` (comma-separated, e.g. "n1,n3"), in that order;
// an unknown name is an error that lists the known ones.
Parsed<std::vector<NodeSpec>> select_nodes(const NodesFile& nodes, const std::string& names);

}  // namespace faultline
