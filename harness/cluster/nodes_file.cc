// Reading and writing nodes files (see nodes_file.h).
//
// Which form a file is in is decided by its first line that is not blank or a
// comment: a YAML key (`nodes:`), a document marker, a list item or a flow
// collection means YAML; anything else is a plain list of hostnames. Paths in
// `key` and `known_hosts` may start with `~/` (the home directory) or be
// relative to the nodes file's folder.
#include "harness/cluster/nodes_file.h"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "harness/base/suggest.h"
#include "harness/base/text_file.h"
#include "harness/base/yaml_fields.h"
#include "harness/base/yaml_source.h"
#include "harness/base/text_list.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kTopKeys = {"nodes", "strict_host_keys", "local_cluster"};
const std::vector<std::string> kNodeKeys = {"name", "user",        "host",  "port",
                                            "key",  "known_hosts", "netns", "container"};

// The text before a `#` that starts a comment (at the line start or after a blank).
std::string strip_comment(const std::string& line) {
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) {
      return line.substr(0, i);
    }
  }
  return line;
}

bool looks_like_yaml(const std::string& text) {
  static const std::regex kYamlStart(R"(^\s*([A-Za-z_][A-Za-z0-9_]*\s*:(\s|$)|---|-(\s|$)|\{|\[))");
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (trim_blanks(strip_comment(line)).empty()) continue;
    return std::regex_search(line, kYamlStart);
  }
  return false;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void apply_defaults(NodeSpec& node, const NodeDefaults& defaults) {
  if (node.user.empty()) node.user = defaults.user;
  if (node.port == 0) node.port = defaults.port;
  if (node.key_file.empty()) node.key_file = defaults.key_file;
}

std::string expand_path(const std::string& path, const std::string& nodes_file) {
  if (path.empty()) return path;
  if (path == "~" || path.rfind("~/", 0) == 0) {
    const char* home = std::getenv("HOME");
    if (home != nullptr) return std::string(home) + path.substr(1);
    return path;
  }
  if (fs::path(path).is_absolute()) return path;
  return (fs::path(nodes_file).parent_path() / path).lexically_normal().string();
}

bool hostname_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
         c == ':';
}

// What is wrong with `word` as a node's host or name, if anything. Names end
// up in paths and fault targets ("n1,n3"), hosts in ssh: both are hostnames.
std::optional<std::string> node_word_problem(const std::string& word) {
  if (!std::all_of(word.begin(), word.end(), hostname_character)) {
    return "'" + visible_excerpt(word) +
           "' is not a hostname (letters, digits, '.', '-', '_', ':'); is this a nodes file?";
  }
  if (word.find_first_not_of('.') == std::string::npos) {
    return "'" + word + "' is not a hostname";
  }
  return std::nullopt;
}

// Reads YAML nodes into a NodesFile while remembering the first error.
class YamlReader {
 public:
  YamlReader(std::string file, const NodeDefaults& defaults)
      : file_(file), defaults_(defaults), fields_(std::move(file)) {}

  Parsed<NodesFile> read(const YAML::Node& root) {
    NodesFile out;
    out.path = file_;
    if (!root.IsMap()) return fields_.fail(root, "expected a mapping with a 'nodes' list");
    if (!fields_.check_keys(root, kTopKeys, "key")) return fields_.error();
    const YAML::Node nodes = root["nodes"];
    if (!nodes) return fields_.fail(root, "missing 'nodes': the list of nodes");
    if (!nodes.IsSequence())
      return fields_.fail(nodes, "'nodes' must be a list, not " + yaml_shown(nodes));
    for (const YAML::Node& item : nodes) {
      std::optional<NodeSpec> node = read_node(item);
      if (!node) return fields_.error();
      out.nodes.push_back(std::move(*node));
    }
    if (const YAML::Node strict = root["strict_host_keys"]; strict && !strict.IsNull()) {
      std::optional<bool> value = read_bool(strict, "strict_host_keys");
      if (!value) return fields_.error();
      out.strict_host_keys = *value;
    }
    if (const YAML::Node dir = root["local_cluster"]; dir && !dir.IsNull()) {
      std::optional<std::string> value = read_string(dir, "local_cluster");
      if (!value) return fields_.error();
      out.local_cluster = *value;
    }
    return out;
  }

 private:
  std::optional<std::string> read_string(const YAML::Node& value, const std::string& key) {
    if (!value.IsScalar()) {
      fields_.fail(value, "'" + key + "' must be a single value, not " + yaml_shown(value));
      return std::nullopt;
    }
    // A quoted "\r" or "\t" in a path or user name is a mistake, and would not
    // survive being written back by `cluster up`.
    const std::string& text = value.Scalar();
    if (std::any_of(text.begin(), text.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
      fields_.fail(value,
                   "'" + key + "' holds a control character: '" + visible_excerpt(text) + "'");
      return std::nullopt;
    }
    return text;
  }

  std::optional<bool> read_bool(const YAML::Node& value, const std::string& key) {
    static const std::set<std::string> kTrue = {"true", "True", "TRUE", "yes", "on"};
    static const std::set<std::string> kFalse = {"false", "False", "FALSE", "no", "off"};
    if (value.IsScalar() && kTrue.count(value.Scalar())) return true;
    if (value.IsScalar() && kFalse.count(value.Scalar())) return false;
    fields_.fail(value, "'" + key + "' must be true or false, not " + yaml_shown(value));
    return std::nullopt;
  }

  std::optional<int> read_port(const YAML::Node& value) {
    const std::string text = value.IsScalar() ? value.Scalar() : "";
    char* end = nullptr;
    errno = 0;
    const long port = text.empty() ? 0 : std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno != 0 || port < 1 || port > 65535) {
      fields_.fail(value, "'port' must be a number from 1 to 65535, not " + yaml_shown(value));
      return std::nullopt;
    }
    return static_cast<int>(port);
  }

  // A node is a mapping, or just a hostname.
  std::optional<NodeSpec> read_node(const YAML::Node& item) {
    NodeSpec node;
    if (item.IsScalar()) {
      node.host = node.name = item.Scalar();
      if (auto problem = node_word_problem(node.host)) {
        fields_.fail(item, *problem);
        return std::nullopt;
      }
    } else if (!item.IsMap()) {
      fields_.fail(item, "a node must be a mapping (name, host, ...) or a hostname, not " +
                             yaml_shown(item));
      return std::nullopt;
    } else if (!read_node_fields(item, node)) {
      return std::nullopt;
    }
    if (!check_unique_name(item, node.name)) return std::nullopt;
    apply_defaults(node, defaults_);
    return node;
  }

  bool read_node_fields(const YAML::Node& item, NodeSpec& node) {
    if (!fields_.check_keys(item, kNodeKeys, "node key")) return false;
    for (const auto& entry : item) {
      const std::string key = entry.first.Scalar();
      const YAML::Node& value = entry.second;
      if (value.IsNull()) continue;
      if (key == "port") {
        std::optional<int> port = read_port(value);
        if (!port) return false;
        node.port = *port;
        continue;
      }
      std::optional<std::string> text = read_string(value, key);
      if (!text) return false;
      string_field(node, key) = *text;
    }
    if (node.host.empty()) {
      fields_.fail(item, "node " + (node.name.empty() ? "" : "'" + node.name + "' ") +
                             "has no 'host' (its address or hostname)");
      return false;
    }
    if (node.name.empty()) node.name = node.host;
    for (const char* key : {"host", "name"}) {
      const YAML::Node& value = item[key] ? item[key] : item;
      if (auto problem = node_word_problem(string_field(node, key))) {
        fields_.fail(value, "node " + std::string(key) + ": " + *problem);
        return false;
      }
    }
    node.key_file = expand_path(node.key_file, file_);
    node.known_hosts = expand_path(node.known_hosts, file_);
    return true;
  }

  static std::string& string_field(NodeSpec& node, const std::string& key) {
    if (key == "name") return node.name;
    if (key == "host") return node.host;
    if (key == "user") return node.user;
    if (key == "key") return node.key_file;
    if (key == "known_hosts") return node.known_hosts;
    if (key == "container") return node.container;
    return node.netns;
  }

  bool check_unique_name(const YAML::Node& item, const std::string& name) {
    if (names_.insert(name).second) return true;
    fields_.fail(item, "two nodes are named '" + name + "'");
    return false;
  }

  std::string file_;
  NodeDefaults defaults_;
  std::set<std::string> names_;
  FieldReader fields_;  // the first error, and the reads every YAML reader shares
};

Parsed<NodesFile> read_yaml(const std::string& path, const std::string& text,
                            const NodeDefaults& defaults) {
  Parsed<YAML::Node> root = load_yaml(text, path);
  if (!root) return root.error();
  Parsed<NodesFile> nodes = YamlReader(path, defaults).read(*root);
  if (!nodes)
    return printable(nodes.error());  // yaml-cpp's escapes can make bytes that are not UTF-8
  return nodes;
}

Parsed<NodesFile> read_plain_list(const std::string& path, const std::string& text,
                                  const NodeDefaults& defaults) {
  NodesFile out;
  out.path = path;
  std::set<std::string> names;
  std::istringstream lines(text);
  int64_t line_number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++line_number;
    const std::string content = strip_comment(line);
    const std::string host = trim_blanks(content);
    if (host.empty()) continue;
    const int64_t column = static_cast<int64_t>(content.find(host)) + 1;
    if (host.find_first_of(" \t") != std::string::npos) {
      return SourceError{{path, line_number, column},
                         "expected one hostname per line, found '" + visible_excerpt(host) + "'"};
    }
    if (auto problem = node_word_problem(host)) {
      return SourceError{{path, line_number, column}, *problem};
    }
    if (!names.insert(host).second) {
      return SourceError{{path, line_number, column}, "'" + host + "' is listed twice"};
    }
    NodeSpec node;
    node.name = node.host = host;
    apply_defaults(node, defaults);
    out.nodes.push_back(std::move(node));
  }
  return out;
}

}  // namespace

Parsed<NodesFile> read_nodes_file(const std::string& path, const NodeDefaults& defaults) {
  Result<std::string, FileError> read = read_text_file(path);
  if (!read) return SourceError{{path, 0, 0}, "cannot read: " + read.error().reason};
  return parse_nodes_text(*read, path, defaults);
}

Parsed<NodesFile> parse_nodes_text(const std::string& text, const std::string& path,
                                   const NodeDefaults& defaults) {
  Parsed<NodesFile> nodes = looks_like_yaml(text) ? read_yaml(path, text, defaults)
                                                  : read_plain_list(path, text, defaults);
  if (nodes && nodes->nodes.empty()) {
    return SourceError{{path, 0, 0}, "lists no nodes"};
  }
  return nodes;
}

std::string write_nodes_file(const NodesFile& nodes, const std::string& path) {
  YAML::Emitter out;
  out << YAML::BeginMap << YAML::Key << "nodes" << YAML::Value << YAML::BeginSeq;
  for (const NodeSpec& node : nodes.nodes) {
    out << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << node.name;
    out << YAML::Key << "host" << YAML::Value << node.host;
    if (node.port != 0) out << YAML::Key << "port" << YAML::Value << node.port;
    if (!node.user.empty()) out << YAML::Key << "user" << YAML::Value << node.user;
    if (!node.key_file.empty()) out << YAML::Key << "key" << YAML::Value << node.key_file;
    if (!node.known_hosts.empty()) {
      out << YAML::Key << "known_hosts" << YAML::Value << node.known_hosts;
    }
    if (!node.netns.empty()) out << YAML::Key << "netns" << YAML::Value << node.netns;
    if (!node.container.empty()) out << YAML::Key << "container" << YAML::Value << node.container;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;
  out << YAML::Key << "strict_host_keys" << YAML::Value << nodes.strict_host_keys;
  if (!nodes.local_cluster.empty()) {
    out << YAML::Key << "local_cluster" << YAML::Value << nodes.local_cluster;
  }
  out << YAML::EndMap;
  if (!out.good()) return "cannot write nodes file " + path + ": " + out.GetLastError();

  // Write beside the target, then rename: a reader never sees half a file.
  const std::string temp = path + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << "# faultline nodes file\n" << out.c_str() << "\n";
    if (!file.flush()) {
      std::error_code ignored;
      fs::remove(temp, ignored);
      return "cannot write " + temp + ": " + std::strerror(errno);
    }
  }
  std::error_code error;
  fs::rename(temp, path, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    return "cannot write " + path + ": " + error.message();
  }
  return "";
}

Parsed<std::vector<NodeSpec>> select_nodes(const NodesFile& nodes, const std::string& names) {
  std::vector<std::string> known;
  for (const NodeSpec& node : nodes.nodes) known.push_back(node.name);
  std::vector<NodeSpec> selected;
  std::set<std::string> seen;
  std::istringstream parts(names);
  for (std::string part; std::getline(parts, part, ',');) {
    const std::string name = trim_blanks(part);
    if (name.empty()) continue;
    auto it = std::find_if(nodes.nodes.begin(), nodes.nodes.end(),
                           [&](const NodeSpec& node) { return node.name == name; });
    if (it == nodes.nodes.end()) {
      return SourceError{{nodes.path, 0, 0}, unknown_name_message("node", name, known)};
    }
    if (seen.insert(name).second) selected.push_back(*it);
  }
  if (selected.empty()) {
    return SourceError{{nodes.path, 0, 0},
                       "no node named in '" + names + "'; known: " + join(known)};
  }
  return selected;
}

}  // namespace faultline
