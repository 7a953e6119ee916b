// examples/etcd-adapter.yaml parses, and the paths in an adapter's command
// are anchored at the test file's folder.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "harness/config/client_config.h"
#include "harness/config/test_file.h"

namespace faultline {
namespace {

TEST(AdapterExample, TheEtcdAdapterExampleParsesAndNamesAnAdapterThatExists) {
  const std::string path = std::string(FAULTLINE_SOURCE_DIR) + "/examples/etcd-adapter.yaml";
  Parsed<TestFile> test = read_test_file(path);
  ASSERT_TRUE(test) << test.error().to_string();
  EXPECT_EQ(test->db.kind, DbKind::kEtcd);
  EXPECT_EQ(test->workload, "register");
  ASSERT_EQ(test->client.kind, ClientKind::kAdapter);
  const std::string script =
      std::string(FAULTLINE_SOURCE_DIR) + "/examples/adapters/etcd_adapter.py";
  EXPECT_EQ(test->client.command, (std::vector<std::string>{"python3", script}));
  EXPECT_TRUE(std::filesystem::is_regular_file(test->client.command[1]));
  EXPECT_TRUE(test->nemesis.has_value());
}

std::vector<std::string> command_of(const std::string& yaml, const std::string& file) {
  Parsed<ClientConfig> client = parse_client(YAML::Load(yaml), file);
  if (!client) return {"error: " + client.error().to_string()};
  return client->command;
}

TEST(AdapterExample, RelativePathsInTheCommandAreRelativeToTheTestFile) {
  const std::string yaml =
      "{kind: adapter, command: [python3, adapters/a.py, ./b.sh, ../c/d.py, /abs/e.py, "
      "--out=x/y, --dir, x/../z, 'http://h/p', a=b/c, plain]}";
  EXPECT_EQ(command_of(yaml, "/tests/db/t.yaml"),
            (std::vector<std::string>{"python3", "/tests/db/adapters/a.py", "/tests/db/b.sh",
                                      "/tests/c/d.py", "/abs/e.py", "--out=x/y", "--dir",
                                      "/tests/db/z", "http://h/p", "a=b/c", "plain"}));
  const std::string here = std::filesystem::current_path().string();
  EXPECT_EQ(command_of("{kind: adapter, command: [./run.sh, x]}", "suite/t.yaml"),
            (std::vector<std::string>{here + "/suite/run.sh", "x"}));
  // Absolute, so the stored copy of the test (elsewhere) starts the same program.
  EXPECT_EQ(command_of("{kind: adapter, command: [./run.sh]}", "t.yaml"),
            (std::vector<std::string>{here + "/run.sh"}));
}

}  // namespace
}  // namespace faultline
