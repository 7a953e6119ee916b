// A shell db's `files`: read from the test file (paths relative to its
// folder, each checked), copied to every node before `install`, and kept by
// absolute path in the stored test.yaml so a replay finds them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/config/test_file.h"
#include "harness/db/db.h"
#include "harness/run/test_as_run.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using testing::FakeRemote;
using testing::FakeTransfer;

class DbFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("faultline-db-files-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "server");
    std::ofstream(dir_ / "server" / "kv.py") << "print('kv')\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string test_text(const std::string& files) {
    return "name: t\nnodes: {local: 3}\n"
           "db:\n  kind: shell\n  files: " +
           files +
           "\n"
           "  steps: {install: 'true', start: 'true', stop: 'true', wipe: 'true'}\n"
           "client: {kind: adapter, command: [./a.py]}\nworkload: register\n";
  }
  Parsed<TestFile> parse(const std::string& files) {
    return parse_test_file(test_text(files), (dir_ / "test.yaml").string());
  }
  fs::path dir_;
};

TEST_F(DbFiles, ARelativePathIsTheTestFilesFolders) {
  Parsed<TestFile> test = parse("{server/kv.py: /opt/kv/kv.py}");
  ASSERT_TRUE(test) << test.error().to_string();
  ASSERT_EQ(test->db.files.size(), 1u);
  EXPECT_EQ(test->db.files[0].local, (dir_ / "server" / "kv.py").string());
  EXPECT_EQ(test->db.files[0].remote, "/opt/kv/kv.py");
}

TEST_F(DbFiles, AMissingFileOrARelativeNodePathIsAnErrorAtItsPlace) {
  Parsed<TestFile> missing = parse("{server/kv2.py: /opt/kv/kv.py}");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().to_string().find("test.yaml:5:11: 'server/kv2.py' is not a file"),
            std::string::npos)
      << missing.error().to_string();
  Parsed<TestFile> folder = parse("{server: /opt/kv/kv.py}");
  ASSERT_FALSE(folder);
  EXPECT_NE(folder.error().to_string().find("'server' is not a file"), std::string::npos);
  Parsed<TestFile> relative = parse("{server/kv.py: opt/kv.py}");
  ASSERT_FALSE(relative);
  EXPECT_NE(relative.error().to_string().find(
                "test.yaml:5:25: the path on the node must be absolute and name the file itself, "
                "e.g. /opt/mydb/kv.py"),
            std::string::npos)
      << relative.error().to_string();
  EXPECT_FALSE(parse("{server/kv.py: /opt/kv/}"));
  EXPECT_FALSE(parse("[server/kv.py]")) << "a list is not a mapping";
}

TEST_F(DbFiles, InstallCopiesEveryFileIntoItsFolderBeforeTheInstallStep) {
  Parsed<TestFile> test = parse("{server/kv.py: /opt/kv/kv.py, /etc/hostname: /opt/kv/h}");
  ASSERT_TRUE(test) << test.error().to_string();
  auto db = make_db(test->db);
  FakeRemote n1("n1");
  const DbNodeVariables node{"n1", "10.0.0.11", {"10.0.0.11"}, {"n1"}};
  ASSERT_EQ(db->install(n1, node), std::nullopt);
  EXPECT_EQ(
      n1.transfers(),
      (std::vector<FakeTransfer>{
          {FakeTransfer::Direction::kUpload, (dir_ / "server" / "kv.py").string(), "/opt/kv/kv.py"},
          {FakeTransfer::Direction::kUpload, "/etc/hostname", "/opt/kv/h"}}));
  const std::vector<std::string> lines = n1.command_lines();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[0].find("mkdir -p /opt/kv"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[2], "true") << "the install step comes last";
}

TEST_F(DbFiles, AFailedCopyStopsTheInstallAndNamesTheNodeAndFile) {
  Parsed<TestFile> test = parse("{server/kv.py: /opt/kv/kv.py}");
  ASSERT_TRUE(test);
  auto db = make_db(test->db);
  FakeRemote n2("n2");
  n2.fail_transfers("/opt/kv", RemoteError{"", RemoteErrorKind::kTransfer, "disk full", ""});
  const DbNodeVariables node{"n2", "10.0.0.12", {"10.0.0.12"}, {"n2"}};
  DbStepResult error = db->install(n2, node);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->node, "n2");
  EXPECT_NE(error->to_string().find("cannot copy " + (dir_ / "server" / "kv.py").string() +
                                    " to /opt/kv/kv.py"),
            std::string::npos)
      << error->to_string();
  EXPECT_EQ(n2.command_lines().size(), 1u) << "only the mkdir: no install step after it";
}

TEST_F(DbFiles, TheStoredTestNamesTheFilesByAbsolutePath) {
  const std::string text = test_text("{server/kv.py: /opt/kv/kv.py}");
  Parsed<TestFile> test = parse_test_file(text, (dir_ / "test.yaml").string());
  ASSERT_TRUE(test);
  const std::string as_run = test_as_run(text, *test, 7);
  fs::create_directories(dir_ / "store");
  Parsed<TestFile> again = parse_test_file(as_run, (dir_ / "store" / "test.yaml").string());
  ASSERT_TRUE(again) << again.error().to_string() << "\n" << as_run;
  ASSERT_EQ(again->db.files.size(), 1u);
  EXPECT_EQ(again->db.files[0].local, (dir_ / "server" / "kv.py").string());
}

}  // namespace
}  // namespace faultline
