// The `nodes` part of a test file: where the run's nodes come from.
//
//   nodes: {local: 3}                # a local cluster made for the run, removed after
//   nodes: {file: nodes.yaml}        # a nodes file (nodes_file.h); relative to the test file
//   nodes: [db1.example, db2.example, db3.example]   # hosts; ssh config says how to reach them
//
// Pure functions; safe from any thread.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

#include "harness/source_error.h"

namespace faultline {

inline constexpr int kMaxLocalNodes = 9;

struct NodesSource {
  enum class Kind { kLocal, kFile, kHosts };
  Kind kind = Kind::kLocal;
  int local_nodes = 3;             // kLocal
  std::string file;                // kFile: path (made absolute against the test file's folder)
  std::vector<std::string> hosts;  // kHosts
  SourceLocation where;            // of the `nodes` value

  // The node names when the test file alone says them (local: n1..nN; hosts:
  // themselves); empty for a nodes file, which is read later.
  std::vector<std::string> known_names() const;
};

// The `nodes` value of the test file `file`.
Parsed<NodesSource> parse_nodes_source(const YAML::Node& nodes, const std::string& file);

}  // namespace faultline
