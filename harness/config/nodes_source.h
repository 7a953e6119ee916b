// The `nodes` part of a test file: where the run's nodes come from.
//
//   nodes: {local: 3}                # a local cluster made for the run, removed after
//   nodes: {docker: 5}               # the same, of containers (harness/docker/)
//   nodes: {docker: 5, image: IMG}   # ... running IMG instead of the default node image
//   nodes: {file: nodes.yaml}        # a nodes file (nodes_file.h); relative to the test file
//   nodes: [db1.example, db2.example, db3.example]   # hosts; ssh config says how to reach them
//
// Pure functions; safe from any thread.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/base/source_error.h"

namespace faultline {

inline constexpr int kMaxLocalNodes = 9;

struct NodesSource {
  enum class Kind { kLocal, kFile, kHosts };
  Kind kind = Kind::kLocal;
  int local_nodes = 3;  // kLocal
  // kLocal: the cluster's nodes are containers ({docker: N}), not namespaces ({local: N}).
  bool containers = false;
  std::string image;               // containers: the image; empty for the default node image
  std::string file;                // kFile: path (made absolute against the test file's folder)
  std::vector<std::string> hosts;  // kHosts
  // kFile: the names of its nodes, once check_nodes_file (test_preflight.h) has read it.
  std::vector<std::string> file_names;
  SourceLocation where;  // of the `nodes` value

  // The node names when the test file alone says them (local: n1..nN; hosts:
  // themselves; a nodes file: its nodes, once read); empty for a nodes file
  // not read yet.
  std::vector<std::string> known_names() const;
};

// The `nodes` value of the test file `file`.
Parsed<NodesSource> parse_nodes_source(const YAML::Node& nodes, const std::string& file);

}  // namespace faultline
