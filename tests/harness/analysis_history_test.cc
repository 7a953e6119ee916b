// The end of a run and `faultline analyze` read the history once: the check
// hands the history it read to the report, which then draws it without
// reading history.jsonl again (for a 10M-op run that read is most of the time).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/run/analysis.h"
#include "harness/run/run_log.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

const std::string kOps =
    "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k0\",\"value\":1,"
    "\"time\":1000}\n"
    "{\"index\":1,\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k0\",\"value\":1,"
    "\"time\":2000}\n";

class AnalysisHistory : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("faultline-analysis-history-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string read(const std::string& name) const {
    std::ifstream in(dir_ / name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  fs::path dir_;
};

TEST_F(AnalysisHistory, TheCheckHandsOverTheHistoryItRead) {
  std::ofstream(dir_ / "history.jsonl") << kOps;
  Json results = {{"errors", Json::array()}};
  std::optional<OpTable> history;
  std::vector<CheckOutcome> outcomes =
      check_stored_history((dir_ / "history.jsonl").string(), "register", results, {}, &history);
  ASSERT_EQ(outcomes.size(), 1u) << results.dump();
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->time_ns(1), 2000);
}

TEST_F(AnalysisHistory, TheReportDrawsTheHistoryItIsGivenWithoutReadingTheFileAgain) {
  // The file on disk cannot be read; the report must not try.
  std::ofstream(dir_ / "history.jsonl") << "{\"index\": oops}\n";
  std::ofstream(dir_ / "results.json") << "{}";
  Json results = {{"test", "t"}, {"errors", Json::array()}, {"checkers", Json::array()}};
  std::ofstream(dir_ / "history.jsonl.given") << kOps;
  std::optional<OpTable> given;
  check_stored_history((dir_ / "history.jsonl.given").string(), "register", results, {}, &given);
  ASSERT_TRUE(given.has_value());
  std::ostringstream terminal;
  RunLog log(&terminal);
  finish_results(dir_.string(), results, {}, log, &*given);
  const std::string page = read("report.html");
  ASSERT_FALSE(page.empty());
  EXPECT_EQ(page.find("could not be read"), std::string::npos);
  EXPECT_NE(page.find(">write<"), std::string::npos) << "the given history's ops are counted";

  // Without one, the report reads the file (and says it could not).
  finish_results(dir_.string(), results, {}, log);
  EXPECT_NE(read("report.html").find("could not be read"), std::string::npos);
}

}  // namespace
}  // namespace faultline
