#include "harness/config/nodes_source.h"

#include <filesystem>
#include <set>

#include "harness/base/yaml_fields.h"

namespace faultline {
namespace {

const char kForms[] =
    "'nodes' is {local: N} (a local cluster for the run), {file: nodes.yaml}, or a list of "
    "hosts";

std::string relative_to(const std::string& path, const std::string& test_file) {
  namespace fs = std::filesystem;
  if (fs::path(path).is_absolute()) return path;
  // Absolute, so the test file as run (stored elsewhere) names the same file.
  return fs::absolute(fs::path(test_file).parent_path() / path).lexically_normal().string();
}

}  // namespace

std::vector<std::string> NodesSource::known_names() const {
  if (kind == Kind::kHosts) return hosts;
  if (kind == Kind::kFile) return file_names;
  std::vector<std::string> names;
  if (kind == Kind::kLocal) {
    for (int i = 1; i <= local_nodes; ++i) names.push_back("n" + std::to_string(i));
  }
  return names;
}

Parsed<NodesSource> parse_nodes_source(const YAML::Node& nodes, const std::string& file) {
  FieldReader reader(file);
  NodesSource out;
  out.where = yaml_location(file, nodes.Mark());
  if (nodes.IsSequence()) {
    out.kind = NodesSource::Kind::kHosts;
    auto hosts = reader.read_words(nodes, "nodes");
    if (!hosts) return reader.error();
    std::set<std::string> seen;
    size_t i = 0;
    for (const std::string& host : *hosts) {
      if (!seen.insert(host).second) {
        return reader.fail(nodes[i], "host '" + host + "' is listed twice in 'nodes'");
      }
      ++i;
    }
    out.hosts = *hosts;
    return out;
  }
  if (!nodes.IsMap() || nodes.size() != 1) {
    return reader.fail(nodes, std::string(kForms) + ", not " + yaml_shown(nodes));
  }
  if (!reader.check_keys(nodes, {"local", "file"}, "nodes source")) return reader.error();
  if (const YAML::Node local = nodes["local"]) {
    out.kind = NodesSource::Kind::kLocal;
    auto count = reader.read_integer(
        local, "local", 1, kMaxLocalNodes,
        "a local cluster has 1 to " + std::to_string(kMaxLocalNodes) +
            " nodes; for more, make machines and give them with {file: nodes.yaml}");
    if (!count) return reader.error();
    out.local_nodes = static_cast<int>(*count);
    return out;
  }
  out.kind = NodesSource::Kind::kFile;
  auto path = reader.read_text(nodes["file"], "file");
  if (!path) return reader.error();
  out.file = relative_to(*path, file);
  return out;
}

}  // namespace faultline
