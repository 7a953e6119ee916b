#include "harness/cli/node_options.h"

#include "harness/remote/ssh_remote.h"

namespace faultline {

void add_node_options(CLI::App& cmd, NodeOptions& o) {
  cmd.add_option("--nodes-file", o.nodes_file,
                 "Nodes file: the YAML `faultline cluster up` writes, or a list of hostnames")
      ->required();
  cmd.add_option("--nodes", o.only, "Only these nodes, e.g. n1,n3 (default: all)");
  cmd.add_option("--user", o.user, "SSH user for nodes that do not name one");
  cmd.add_option("--port", o.port, "SSH port for nodes that do not name one");
  cmd.add_option("--key", o.key, "Private key file for nodes that do not name one");
  cmd.add_flag("--no-strict-host-keys", o.no_strict_host_keys,
               "Accept unknown and changed host keys (throwaway machines only)");
}

std::vector<Remote*> NodeSet::pointers() const {
  std::vector<Remote*> out;
  for (const auto& r : remotes) out.push_back(r.get());
  return out;
}

Parsed<NodeSet> open_nodes(const NodeOptions& o) {
  Parsed<NodesFile> file = read_nodes_file(o.nodes_file, NodeDefaults{o.user, o.port, o.key});
  if (!file) return file.error();
  NodeSet set;
  set.file = std::move(*file);
  if (o.only.empty()) {
    set.nodes = set.file.nodes;
  } else {
    Parsed<std::vector<NodeSpec>> chosen = select_nodes(set.file, o.only);
    if (!chosen) return chosen.error();
    set.nodes = std::move(*chosen);
  }
  SshOptions ssh;
  ssh.strict_host_keys = set.file.strict_host_keys && !o.no_strict_host_keys;
  for (const NodeSpec& spec : set.nodes) set.remotes.push_back(std::make_unique<SshRemote>(spec, ssh));
  return set;
}

}  // namespace faultline
