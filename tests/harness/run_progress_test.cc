// The exit at once (third Ctrl-C): results.json says what happened and agrees
// with the exit code; the message names the commands that clean up, with the
// run's own store and cluster; a verdict already stored is kept.
#include "harness/run/run_progress.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/base/text_file.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

class RunProgressTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/faultline-progress-XXXXXX";
    dir_ = mkdtemp(pattern);
  }
  void TearDown() override { fs::remove_all(dir_); }
  Json stored() const {
    auto text = read_text_file(dir_ + "/results.json");
    return text ? Json::parse(*text) : Json();
  }
  static Json running() {
    return Json{{"verdict", "unknown"},
                {"exit_code", 2},
                {"errors", Json::array()},
                {"interrupted", false}};
  }
  std::string dir_;
};

TEST_F(RunProgressTest, AnExitAtOnceStoresUnknownWithTheReasonAndNamesTheCleanup) {
  RunProgress progress;
  progress.set_store(dir_);
  progress.set_local_cluster("run7");
  progress.set_heal_nodes_file(dir_ + "/nodes.yaml");
  std::ofstream(dir_ + "/nodes.yaml") << "nodes: []\n";
  ASSERT_FALSE(progress.save(running()));
  std::ostringstream err;
  EXPECT_EQ(progress.exit_at_once(SIGINT, err), 130);
  const std::string heal = "faultline heal --nodes-file " + dir_ + "/nodes.yaml";
  const std::string down = "faultline cluster down --name run7";
  EXPECT_NE(err.str().find(heal), std::string::npos) << err.str();
  EXPECT_NE(err.str().find(down), std::string::npos) << err.str();
  Json results = stored();
  EXPECT_EQ(results["exit_code"], 130);
  EXPECT_EQ(results["verdict"], "unknown");
  EXPECT_EQ(results["interrupted"], true);
  ASSERT_EQ(results["errors"].size(), 1u);
  EXPECT_NE(results["errors"][0].get<std::string>().find("exited at once"), std::string::npos);
  EXPECT_NE(results["errors"][0].get<std::string>().find(down), std::string::npos);
  EXPECT_EQ(results["run_errors"], results["errors"]) << "analyze keeps the reason";
  // The run's own writes after that are dropped: the file stays as it says.
  Json later = running();
  later["exit_code"] = 0;
  progress.save(later);
  EXPECT_EQ(stored()["exit_code"], 130);
}

TEST_F(RunProgressTest, BeforeTheClusterIsUpOnlyItsRemovalIsNamed) {
  RunProgress progress;
  progress.set_store(dir_);
  progress.set_local_cluster("run2");
  progress.set_heal_nodes_file(dir_ + "/nodes.yaml");  // not written yet
  progress.save(running());
  std::ostringstream err;
  EXPECT_EQ(progress.exit_at_once(SIGTERM, err), 143);
  EXPECT_EQ(err.str().find("faultline heal"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("faultline cluster down --name run2"), std::string::npos);
  EXPECT_EQ(stored()["exit_code"], 143);
}

TEST_F(RunProgressTest, OnceTheNodesAreReleasedNothingIsLeftToCleanUp) {
  RunProgress progress;
  progress.set_store(dir_);
  progress.set_local_cluster("run2");
  progress.save(running());
  progress.set_released();
  std::ostringstream err;
  EXPECT_EQ(progress.exit_at_once(SIGINT, err), 130);
  EXPECT_EQ(err.str().find("cluster down"), std::string::npos) << err.str();
  EXPECT_NE(stored()["errors"][0].get<std::string>().find("while checking the history"),
            std::string::npos);
}

TEST_F(RunProgressTest, AVerdictAlreadyStoredIsKeptWithItsExitCode) {
  RunProgress progress;
  progress.set_store(dir_);
  progress.save(running());
  Json final_results = running();
  final_results["verdict"] = "valid";
  final_results["exit_code"] = 0;
  progress.finish([&] {
    write_file_atomically(dir_ + "/results.json", final_results.dump());
    return 0;
  });
  std::ostringstream err;
  EXPECT_EQ(progress.exit_at_once(SIGINT, err), 0);
  EXPECT_EQ(stored()["verdict"], "valid");
  EXPECT_EQ(stored()["exit_code"], 0);
}

}  // namespace
}  // namespace faultline
