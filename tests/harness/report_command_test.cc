// `faultline report STORE_DIR` rebuilds report.html and summary.md from the
// stored files without checking again, and says clearly why a folder is not
// a run it can report on. The real binary on stores made by hand.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/report/report.h"
#include "tests/harness/report_fixtures.h"
#include "tests/support/run_binary.h"

namespace faultline::report_test {
namespace {

namespace fs = std::filesystem;

class ReportCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("faultline-report-command-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::string read(const std::string& name) {
    std::ifstream in(dir_ / name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  testing::BinaryRun report(const std::string& dir) {
    return testing::run_faultline(FAULTLINE_BINARY, "report '" + dir + "' 2>&1");
  }
  // A stored invalid run: the real checker's result on the stale read.
  void store_stale_read_run() {
    const History history = read_fixture(example_history("etcd-stale-read.jsonl"));
    write("results.json", results_for(history, register_checker(), "stale-read").dump(2));
    fs::copy_file(example_history("etcd-stale-read.jsonl"), dir_ / "history.jsonl");
  }
  fs::path dir_;
};

TEST_F(ReportCommand, RebuildsTheReportAndSummaryOfAStoredRun) {
  store_stale_read_run();
  write("report.html", "an old report");
  testing::BinaryRun r = report(dir_.string());
  ASSERT_EQ(r.status, 0) << r.out;
  const std::string page = read("report.html");
  EXPECT_NE(page.find("<div class=\"verdict\">INVALID</div>"), std::string::npos);
  EXPECT_NE(page.find("Evidence"), std::string::npos);
  EXPECT_NE(read("summary.md").find("## faultline: stale-read: INVALID"), std::string::npos);
  EXPECT_NE(read("junit.xml").find("<failure"), std::string::npos);
  EXPECT_NE(r.out.find(dir_.string() + "/report.html"), std::string::npos) << r.out;
}

// The report shows what results.json says: the history is not checked again
// (a verdict edited to valid stays valid, though the history is not).
TEST_F(ReportCommand, DoesNotCheckTheHistoryAgain) {
  store_stale_read_run();
  Json results = Json::parse(read("results.json"));
  results["verdict"] = "valid";
  results["valid"] = true;
  results["checkers"] = Json::array(
      {{{"checker", "linearizability"}, {"valid", true}, {"summary", "said valid by hand"}}});
  write("results.json", results.dump());
  testing::BinaryRun r = report(dir_.string());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(read("report.html").find("<div class=\"verdict\">VALID</div>"), std::string::npos);
  EXPECT_EQ(Json::parse(read("results.json"))["verdict"], "valid");
}

TEST_F(ReportCommand, AFolderThatDoesNotExistIsNamed) {
  testing::BinaryRun r = report((dir_ / "nope").string());
  EXPECT_EQ(r.status, 254) << r.out;
  EXPECT_NE(r.out.find((dir_ / "nope").string() + ": no such folder"), std::string::npos) << r.out;
}

TEST_F(ReportCommand, AFolderWithoutResultsIsNotARun) {
  testing::BinaryRun r = report(dir_.string());
  EXPECT_EQ(r.status, 254) << r.out;
  EXPECT_NE(r.out.find((dir_ / "results.json").string() + ": cannot open"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("a run's folder, such as store/latest"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "report.html"));
}

TEST_F(ReportCommand, CorruptResultsGiveLineAndColumn) {
  write("results.json", "{\n  \"test\": \"x\",\n  oops\n}\n");
  testing::BinaryRun r = report(dir_.string());
  EXPECT_EQ(r.status, 254) << r.out;
  EXPECT_NE(r.out.find((dir_ / "results.json").string() + ":3:3: not valid JSON"),
            std::string::npos)
      << r.out;
}

TEST_F(ReportCommand, ResultsOfSomethingElseAreRefused) {
  write("results.json", R"({"name": "a package.json, say"})");
  testing::BinaryRun r = report(dir_.string());
  EXPECT_EQ(r.status, 254) << r.out;
  EXPECT_NE(r.out.find("not a faultline results file"), std::string::npos) << r.out;
}

TEST_F(ReportCommand, AMissingHistoryIsNamed) {
  store_stale_read_run();
  fs::remove(dir_ / "history.jsonl");
  testing::BinaryRun r = report(dir_.string());
  EXPECT_EQ(r.status, 254) << r.out;
  EXPECT_NE(r.out.find((dir_ / "history.jsonl").string() + ": no such file"), std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(dir_ / "report.html"));
}

TEST_F(ReportCommand, ACorruptHistoryGivesLineAndColumnAndKeepsTheOldReport) {
  store_stale_read_run();
  write("history.jsonl",
        "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n{\"index\": oops}\n");
  write("report.html", "the old report");
  testing::BinaryRun r = report(dir_.string());
  EXPECT_EQ(r.status, 254) << r.out;
  EXPECT_NE(r.out.find((dir_ / "history.jsonl").string() + ":2:"), std::string::npos) << r.out;
  EXPECT_EQ(read("report.html"), "the old report");
}

}  // namespace
}  // namespace faultline::report_test
