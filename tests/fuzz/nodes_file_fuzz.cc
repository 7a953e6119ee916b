// Fuzzes the nodes file (harness/cluster/nodes_file.h) in both its forms, YAML and a
// plain list of hostnames. Properties: an error points inside the text; an
// accepted file names at least one node, each with a name and a host, no
// name twice; and it is written back and read again unchanged.
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "harness/cluster/nodes_file.h"
#include "tests/fuzz/fuzz_target.h"

namespace faultline::fuzz {
namespace {

bool same_node(const NodeSpec& a, const NodeSpec& b) {
  return a.name == b.name && a.host == b.host && a.port == b.port && a.user == b.user &&
         a.key_file == b.key_file && a.known_hosts == b.known_hosts && a.netns == b.netns;
}

void require_written_back(const NodesFile& nodes) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("faultline-fuzz-nodes-" + std::to_string(getpid()) + ".yaml"))
                               .string();
  const std::string problem = write_nodes_file(nodes, path);
  require(problem.empty(), "nodes are written: " + problem);
  Parsed<NodesFile> reread = read_nodes_file(path);
  std::filesystem::remove(path);
  if (!reread) require(false, "written nodes read back: " + reread.error().to_string());
  require(reread->nodes.size() == nodes.nodes.size(), "as many nodes read back as written");
  for (size_t i = 0; i < nodes.nodes.size(); ++i)
    require(same_node(reread->nodes[i], nodes.nodes[i]), "node read back as written");
  require(reread->strict_host_keys == nodes.strict_host_keys &&
              reread->local_cluster == nodes.local_cluster,
          "settings read back as written");
}

}  // namespace
}  // namespace faultline::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace faultline;
  using namespace faultline::fuzz;
  const std::string text(as_text(data, size));
  Parsed<NodesFile> nodes = parse_nodes_text(text, "/nonexistent/fuzz/nodes.yaml");
  if (!nodes) {
    require_located_inside(nodes.error(), text);
    return 0;
  }
  require(!nodes->nodes.empty(), "an accepted nodes file names a node");
  std::set<std::string> names;
  for (const NodeSpec& node : nodes->nodes) {
    require(!node.name.empty() && !node.host.empty(), "a node has a name and a host");
    require(names.insert(node.name).second, "no node name twice: " + node.name);
  }
  require_written_back(*nodes);
  return 0;
}
