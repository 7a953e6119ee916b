// Nodes files: the YAML form, the plain list, errors that point at the place.
#include "harness/cluster/nodes_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace faultline {
namespace {

namespace fs = std::filesystem;

class NodesFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("faultline-nodes-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  // The error's "file:line:col: message" with the directory left out.
  std::string error_of(const std::string& text, const NodeDefaults& defaults = {}) {
    Parsed<NodesFile> nodes = read_nodes_file(write("nodes.yaml", text), defaults);
    if (nodes) return "no error";
    std::string message = nodes.error().to_string();
    return message.substr(message.find("nodes.yaml"));
  }

  fs::path dir_;
};

TEST_F(NodesFileTest, ReadsTheYamlForm) {
  const std::string path = write("nodes.yaml", R"(# written by hand
nodes:
  - name: n1
    host: 10.213.7.11
    port: 2222
    user: root
    key: /keys/id_ed25519
    known_hosts: /keys/known_hosts
    netns: fl-test-n1
  - host: db2.example.com
strict_host_keys: false
local_cluster: /run/faultline/clusters/test
)");
  Parsed<NodesFile> nodes = read_nodes_file(path);
  ASSERT_TRUE(nodes) << nodes.error().to_string();
  EXPECT_EQ(nodes->path, path);
  ASSERT_EQ(nodes->nodes.size(), 2u);
  const NodeSpec& n1 = nodes->nodes[0];
  EXPECT_EQ(n1.name, "n1");
  EXPECT_EQ(n1.host, "10.213.7.11");
  EXPECT_EQ(n1.port, 2222);
  EXPECT_EQ(n1.user, "root");
  EXPECT_EQ(n1.key_file, "/keys/id_ed25519");
  EXPECT_EQ(n1.known_hosts, "/keys/known_hosts");
  EXPECT_EQ(n1.netns, "fl-test-n1");
  EXPECT_EQ(nodes->nodes[1].name, "db2.example.com");  // the name defaults to the host
  EXPECT_EQ(nodes->nodes[1].port, 0);
  EXPECT_FALSE(nodes->strict_host_keys);
  EXPECT_EQ(nodes->local_cluster, "/run/faultline/clusters/test");
}

TEST_F(NodesFileTest, NodesMayBeJustHostnames) {
  Parsed<NodesFile> nodes = read_nodes_file(write("nodes.yaml", "nodes: [a, b]\n"));
  ASSERT_TRUE(nodes) << nodes.error().to_string();
  ASSERT_EQ(nodes->nodes.size(), 2u);
  EXPECT_EQ(nodes->nodes[1].name, "b");
  EXPECT_EQ(nodes->nodes[1].host, "b");
  EXPECT_TRUE(nodes->strict_host_keys);
}

TEST_F(NodesFileTest, DefaultsFillOnlyWhatANodeDoesNotSay) {
  NodeDefaults defaults{"admin", 2200, "/k/default"};
  Parsed<NodesFile> nodes = read_nodes_file(
      write("nodes.yaml", "nodes:\n  - {host: a, user: root}\n  - {host: b, port: 22}\n"),
      defaults);
  ASSERT_TRUE(nodes) << nodes.error().to_string();
  EXPECT_EQ(nodes->nodes[0].user, "root");
  EXPECT_EQ(nodes->nodes[0].port, 2200);
  EXPECT_EQ(nodes->nodes[1].user, "admin");
  EXPECT_EQ(nodes->nodes[1].port, 22);
  EXPECT_EQ(nodes->nodes[1].key_file, "/k/default");
}

TEST_F(NodesFileTest, RelativeKeyPathsAreRelativeToTheFile) {
  Parsed<NodesFile> nodes = read_nodes_file(
      write("nodes.yaml", "nodes:\n  - {host: a, key: keys/id, known_hosts: kh}\n"));
  ASSERT_TRUE(nodes) << nodes.error().to_string();
  EXPECT_EQ(nodes->nodes[0].key_file, (dir_ / "keys/id").string());
  EXPECT_EQ(nodes->nodes[0].known_hosts, (dir_ / "kh").string());
}

TEST_F(NodesFileTest, ReadsAPlainListOfHostnames) {
  NodeDefaults defaults{"ubuntu", 0, ""};
  Parsed<NodesFile> nodes =
      read_nodes_file(write("hosts",
                            "# the test machines\n\ndb1.example.com\n  db2.example.com  # rack 2\n"
                            "10.0.0.3\nfe80::1\n"),
                      defaults);
  ASSERT_TRUE(nodes) << nodes.error().to_string();
  ASSERT_EQ(nodes->nodes.size(), 4u);
  EXPECT_EQ(nodes->nodes[0].name, "db1.example.com");
  EXPECT_EQ(nodes->nodes[1].host, "db2.example.com");
  EXPECT_EQ(nodes->nodes[2].host, "10.0.0.3");
  EXPECT_EQ(nodes->nodes[3].host, "fe80::1");
  EXPECT_EQ(nodes->nodes[3].user, "ubuntu");
  EXPECT_TRUE(nodes->local_cluster.empty());
}

TEST_F(NodesFileTest, PlainListErrorsNameLineAndColumn) {
  Parsed<NodesFile> nodes = read_nodes_file(write("hosts", "a\n  b c\n"));
  ASSERT_FALSE(nodes);
  EXPECT_EQ(nodes.error().where.line, 2);
  EXPECT_EQ(nodes.error().where.column, 3);
  EXPECT_NE(nodes.error().message.find("one hostname per line"), std::string::npos);

  nodes = read_nodes_file(write("hosts", "a\nb\na\n"));
  ASSERT_FALSE(nodes);
  EXPECT_EQ(nodes.error().where.line, 3);
  EXPECT_NE(nodes.error().message.find("'a' is listed twice"), std::string::npos);
}

TEST_F(NodesFileTest, UnknownKeysSuggestTheClosest) {
  EXPECT_EQ(error_of("nodes:\n  - name: n1\n    hots: x\n"),
            "nodes.yaml:3:5: unknown node key 'hots' (did you mean 'host'?); known: name, user, "
            "host, port, key, known_hosts, netns, container");
  EXPECT_EQ(error_of("nodes: [a]\nstrict_host_key: false\n"),
            "nodes.yaml:2:1: unknown key 'strict_host_key' (did you mean 'strict_host_keys'?); "
            "known: nodes, strict_host_keys, local_cluster");
}

TEST_F(NodesFileTest, DuplicateNamesAndKeysAreErrors) {
  EXPECT_EQ(error_of("nodes:\n  - {name: n1, host: a}\n  - {name: n1, host: b}\n"),
            "nodes.yaml:3:5: two nodes are named 'n1'");
  EXPECT_EQ(error_of("nodes:\n  - a\n  - a\n"), "nodes.yaml:3:5: two nodes are named 'a'");
  EXPECT_EQ(error_of("nodes:\n  - host: a\n    host: b\n"),
            "nodes.yaml:3:5: 'host' is given twice; keep one");
}

TEST_F(NodesFileTest, BadValuesPointAtTheValue) {
  EXPECT_EQ(error_of("nodes:\n  - host: a\n    port: http\n"),
            "nodes.yaml:3:11: 'port' must be a number from 1 to 65535, not 'http'");
  EXPECT_EQ(error_of("nodes:\n  - host: a\n    port: 70000\n"),
            "nodes.yaml:3:11: 'port' must be a number from 1 to 65535, not '70000'");
  EXPECT_EQ(error_of("nodes:\n  - name: n1\n    user: root\n"),
            "nodes.yaml:2:5: node 'n1' has no 'host' (its address or hostname)");
  EXPECT_EQ(error_of("nodes:\n  - host: [a, b]\n"),
            "nodes.yaml:2:11: 'host' must be a single value, not a list");
  EXPECT_EQ(error_of("nodes: [a]\nstrict_host_keys: maybe\n"),
            "nodes.yaml:2:19: 'strict_host_keys' must be true or false, not 'maybe'");
  EXPECT_EQ(error_of("nodes: a\n"), "nodes.yaml:1:8: 'nodes' must be a list, not 'a'");
  EXPECT_EQ(error_of("nodes:\n  - 3: x\n"),
            "nodes.yaml:2:5: unknown node key '3'; known: name, user, host, port, key, "
            "known_hosts, netns, container");
}

TEST_F(NodesFileTest, YamlSyntaxErrorsHaveOneBasedPositions) {
  const std::string error = error_of("nodes:\n  - host: a\n   bad: [\n");
  EXPECT_EQ(error.rfind("nodes.yaml:", 0), 0u) << error;
  Parsed<NodesFile> nodes = read_nodes_file(write("bad.yaml", "nodes:\n  - {host: a\n"));
  ASSERT_FALSE(nodes);
  EXPECT_GE(nodes.error().where.line, 2) << nodes.error().to_string();
  EXPECT_GE(nodes.error().where.column, 1) << nodes.error().to_string();
}

TEST_F(NodesFileTest, EmptyAndMissingFilesAreErrors) {
  EXPECT_EQ(error_of("# nothing yet\n"), "nodes.yaml: lists no nodes");
  EXPECT_EQ(error_of("nodes: []\n"), "nodes.yaml: lists no nodes");
  EXPECT_EQ(error_of("local_cluster: /x\n"), "nodes.yaml:1:1: missing 'nodes': the list of nodes");
  Parsed<NodesFile> nodes = read_nodes_file((dir_ / "absent.yaml").string());
  ASSERT_FALSE(nodes);
  EXPECT_NE(nodes.error().to_string().find("absent.yaml: cannot read"), std::string::npos);
}

TEST_F(NodesFileTest, WriteThenReadGivesTheSameNodes) {
  NodesFile written;
  written.strict_host_keys = false;
  written.local_cluster = "/run/faultline/clusters/t";
  written.nodes.push_back({"n1", "10.213.7.11", 22, "root", "/k/id", "/k/known", "fl-t-n1"});
  written.nodes.push_back({"n2", "db2", 0, "", "/keys/a key: colon #x", "", ""});
  written.nodes.push_back({"n3", "10.213.7.13", 22, "root", "/k/id", "/k/known", "", "fl-t-n3"});
  const std::string path = (dir_ / "written.yaml").string();
  ASSERT_EQ(write_nodes_file(written, path), "");
  Parsed<NodesFile> read = read_nodes_file(path);
  ASSERT_TRUE(read) << read.error().to_string();
  ASSERT_EQ(read->nodes.size(), 3u);
  EXPECT_EQ(read->nodes[2].container, "fl-t-n3");
  EXPECT_EQ(read->nodes[2].netns, "");
  // Namespace and container nodes run on this machine's kernel (one clock); others do not.
  EXPECT_TRUE(read->nodes[0].shares_host_kernel());
  EXPECT_FALSE(read->nodes[1].shares_host_kernel());
  EXPECT_TRUE(read->nodes[2].shares_host_kernel());
  const NodeSpec& n1 = read->nodes[0];
  EXPECT_EQ(n1.name, "n1");
  EXPECT_EQ(n1.host, "10.213.7.11");
  EXPECT_EQ(n1.port, 22);
  EXPECT_EQ(n1.user, "root");
  EXPECT_EQ(n1.key_file, "/k/id");
  EXPECT_EQ(n1.known_hosts, "/k/known");
  EXPECT_EQ(n1.netns, "fl-t-n1");
  EXPECT_EQ(read->nodes[1].key_file, "/keys/a key: colon #x");
  EXPECT_EQ(read->nodes[1].port, 0);
  EXPECT_FALSE(read->strict_host_keys);
  EXPECT_EQ(read->local_cluster, "/run/faultline/clusters/t");
}

// Names end up in paths and fault targets, hosts in ssh: both are hostnames.
TEST_F(NodesFileTest, HostsAndNamesMustBeHostnames) {
  EXPECT_EQ(error_of("nodes:\n  - {name: n2, host: \"db2\\r\"}\n"),
            "nodes.yaml:2:22: 'host' holds a control character: 'db2\\x0d'");
  EXPECT_EQ(error_of("nodes:\n  - {name: n2, host: \"db 2\"}\n"),
            "nodes.yaml:2:22: node host: 'db 2' is not a hostname (letters, digits, '.', '-', "
            "'_', ':'); is this a nodes file?");
  EXPECT_EQ(error_of("nodes:\n  - {name: ../../etc, host: db1}\n"),
            "nodes.yaml:2:12: node name: '../../etc' is not a hostname (letters, digits, '.', "
            "'-', '_', ':'); is this a nodes file?");
  EXPECT_EQ(error_of("nodes:\n  - {name: .., host: db1}\n"),
            "nodes.yaml:2:12: node name: '..' is not a hostname");
  EXPECT_EQ(error_of("nodes: [db1, 'a,b']\n"),
            "nodes.yaml:1:14: 'a,b' is not a hostname (letters, digits, '.', '-', '_', ':'); is "
            "this a nodes file?");
}

TEST_F(NodesFileTest, PathsAndUsersHoldNoControlCharacters) {
  EXPECT_EQ(error_of("nodes: [db1]\nlocal_cluster: \"/run/x\\r\"\n"),
            "nodes.yaml:2:16: 'local_cluster' holds a control character: '/run/x\\x0d'");
  EXPECT_EQ(error_of("nodes:\n  - {host: db1, user: \"ro\\tot\"}\n"),
            "nodes.yaml:2:23: 'user' holds a control character: 'ro\\x09ot'");
}

TEST_F(NodesFileTest, WriteReportsAnUnwritablePlace) {
  NodesFile nodes;
  nodes.nodes.push_back({"n1", "a", 0, "", "", "", ""});
  EXPECT_NE(write_nodes_file(nodes, (dir_ / "no/such/dir/nodes.yaml").string()), "");
}

NodesFile three_nodes() {
  NodesFile nodes;
  nodes.path = "nodes.yaml";
  for (const char* name : {"n1", "n2", "n3"})
    nodes.nodes.push_back({name, name, 0, "", "", "", ""});
  return nodes;
}

TEST(SelectNodes, KeepsTheOrderAsked) {
  Parsed<std::vector<NodeSpec>> picked = select_nodes(three_nodes(), "n3, n1");
  ASSERT_TRUE(picked) << picked.error().to_string();
  ASSERT_EQ(picked->size(), 2u);
  EXPECT_EQ((*picked)[0].name, "n3");
  EXPECT_EQ((*picked)[1].name, "n1");
}

TEST(SelectNodes, UnknownNameListsTheKnownOnes) {
  Parsed<std::vector<NodeSpec>> picked = select_nodes(three_nodes(), "n1,n4");
  ASSERT_FALSE(picked);
  EXPECT_EQ(picked.error().to_string(),
            "nodes.yaml: unknown node 'n4' (did you mean 'n1'?); known: n1, n2, n3");
}

TEST(SelectNodes, NothingNamedIsAnError) {
  EXPECT_FALSE(select_nodes(three_nodes(), ""));
  EXPECT_FALSE(select_nodes(three_nodes(), " , "));
}

}  // namespace
}  // namespace faultline
