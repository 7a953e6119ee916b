#include "harness/config/nodes_source.h"

#include <filesystem>
#include <optional>
#include <set>

#include "harness/base/yaml_fields.h"

namespace faultline {
namespace {

const char kForms[] =
    "'nodes' is {local: N} (a local cluster for the run), {docker: N} (a cluster of containers "
    "for the run), {file: nodes.yaml}, or a list of hosts";

std::optional<int> read_cluster_size(const YAML::Node& value, const std::string& key,
                                     FieldReader& reader) {
  auto count = reader.read_integer(
      value, key, 1, kMaxLocalNodes,
      "a local cluster has 1 to " + std::to_string(kMaxLocalNodes) +
          " nodes; for more, make machines and give them with {file: nodes.yaml}");
  if (!count) return std::nullopt;
  return static_cast<int>(*count);
}

// {docker: N} or {docker: N, image: IMAGE}: a cluster of containers made for
// the run; `count_key` "local" for the spelling {local: N, backend: docker}.
Parsed<NodesSource> parse_containers(const YAML::Node& nodes, const std::string& count_key,
                                     FieldReader& reader, NodesSource out) {
  for (const char* other : {"local", "docker", "file"}) {
    if (other == count_key) continue;
    if (const YAML::Node given = nodes[other]) {
      return reader.fail(given, std::string("'") + other + "' and '" + count_key +
                                    "' are two nodes sources: give one (" + kForms + ")");
    }
  }
  out.kind = NodesSource::Kind::kLocal;
  out.containers = true;
  auto count = read_cluster_size(nodes[count_key], count_key, reader);
  if (!count) return reader.error();
  out.local_nodes = *count;
  if (const YAML::Node image = nodes["image"]) {
    auto name = reader.read_text(image, "image");
    if (!name) return reader.error();
    if (name->empty() || name->find_first_of(" \t\n") != std::string::npos) {
      return reader.fail(image,
                         "'image' is the name of a Docker image (e.g. "
                         "faultline-node:0123456789abcdef), not " +
                             yaml_shown(image));
    }
    out.image = *name;
  }
  return out;
}

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
  if (!nodes.IsMap() || nodes.size() == 0) {
    return reader.fail(nodes, std::string(kForms) + ", not " + yaml_shown(nodes));
  }
  if (!reader.check_keys(nodes, {"local", "docker", "image", "file", "backend"}, "nodes source")) {
    return reader.error();
  }
  if (nodes["docker"]) return parse_containers(nodes, "docker", reader, out);
  // {local: N, backend: docker | namespace}: the local cluster's kind spelt out.
  if (const YAML::Node backend = nodes["backend"]) {
    auto name = reader.read_text(backend, "backend");
    if (!name) return reader.error();
    if (*name != "docker" && *name != "namespace") {
      return reader.fail(backend,
                         "'backend' is docker (containers) or namespace (network "
                         "namespaces, the default), not " +
                             yaml_shown(backend));
    }
    if (!nodes["local"]) {
      return reader.fail(backend, "'backend' goes with {local: N} (the kind of local cluster)");
    }
    if (*name == "docker") return parse_containers(nodes, "local", reader, out);
  }
  if (const YAML::Node image = nodes["image"]) {
    return reader.fail(image, "'image' goes with {docker: N} only (the image of the containers)");
  }
  // One source; `backend: namespace` may stand beside `local`.
  if (nodes.size() != (nodes["backend"] ? 2u : 1u)) {
    return reader.fail(nodes, std::string(kForms) + ", not " + yaml_shown(nodes));
  }
  if (const YAML::Node local = nodes["local"]) {
    out.kind = NodesSource::Kind::kLocal;
    auto count = read_cluster_size(local, "local", reader);
    if (!count) return reader.error();
    out.local_nodes = *count;
    return out;
  }
  out.kind = NodesSource::Kind::kFile;
  auto path = reader.read_text(nodes["file"], "file");
  if (!path) return reader.error();
  out.file = relative_to(*path, file);
  return out;
}

}  // namespace faultline
