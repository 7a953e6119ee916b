#include "harness/run/test_as_run.h"

#include <yaml-cpp/yaml.h>

namespace faultline {
namespace {

YAML::Node nodes_node(const NodesSource& nodes) {
  YAML::Node out;
  switch (nodes.kind) {
    case NodesSource::Kind::kLocal:
      out[nodes.containers ? "docker" : "local"] = nodes.local_nodes;
      if (!nodes.image.empty()) out["image"] = nodes.image;
      break;
    case NodesSource::Kind::kFile:
      out["file"] = nodes.file;
      break;  // absolute already
    case NodesSource::Kind::kHosts:
      for (const std::string& host : nodes.hosts) out.push_back(host);
      break;
  }
  return out;
}

}  // namespace

std::string test_as_run(const std::string& original, const TestFile& test, uint64_t seed) {
  YAML::Node root = YAML::Load(original);
  root["nodes"] = nodes_node(test.nodes);
  root["concurrency"] = test.concurrency;
  root["rate"] = test.rate;
  root["time_limit"] = std::to_string(test.time_limit.count()) + "ms";
  root["seed"] = seed;
  // An adapter's command as resolved against the test file's folder, so the
  // stored copy (in another folder) starts the same program.
  if (test.client.kind == ClientKind::kAdapter && root["client"].IsMap()) {
    YAML::Node command;
    for (const std::string& part : test.client.command) command.push_back(part);
    root["client"]["command"] = command;
  }
  // A shell db's files by their absolute paths, for the same reason.
  if (!test.db.files.empty() && root["db"].IsMap()) {
    YAML::Node files;
    for (const DbConfig::File& file : test.db.files) files[file.local] = file.remote;
    root["db"]["files"] = files;
  }
  YAML::Emitter out;
  out << root;
  return std::string(
             "# As run by faultline: the seed and command-line overrides are written in.\n") +
         out.c_str() + "\n";
}

}  // namespace faultline
