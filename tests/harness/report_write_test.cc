#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "harness/report/report.h"
#include "tests/harness/report_fixtures.h"

namespace faultline::report_test {
namespace {

namespace fs = std::filesystem;

// A store directory of its own, removed afterwards.
class ReportWrite : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("report-write-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::string read(const std::string& name) {
    std::ifstream in(dir_ / name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  fs::path dir_;
};

TEST_F(ReportWrite, MissingResultsNamesTheFile) {
  const std::optional<std::string> error = write_report(dir_.string());
  ASSERT_TRUE(error);
  EXPECT_NE(error->find((dir_ / "results.json").string() + ": cannot open"), std::string::npos)
      << *error;
  EXPECT_FALSE(fs::exists(dir_ / "report.html"));
}

TEST_F(ReportWrite, CorruptResultsGivesLineAndColumn) {
  write("results.json", "{\n  \"test\": \"x\",\n  oops\n}\n");
  const std::optional<std::string> error = write_report(dir_.string());
  ASSERT_TRUE(error);
  EXPECT_EQ(error->rfind((dir_ / "results.json").string() + ":3:3: not valid JSON", 0), 0u)
      << *error;
}

TEST_F(ReportWrite, ResultsThatAreNotAnObjectAreRefused) {
  write("results.json", "[1, 2]");
  const std::optional<std::string> error = write_report(dir_.string());
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("expected a JSON object, found array"), std::string::npos) << *error;
}

TEST_F(ReportWrite, WritesTheReportFromTheStoreWithNodeLogLinks) {
  const History history = read_fixture(example_history("etcd-stale-read.jsonl"));
  write("results.json", results_for(history, register_checker(), "etcd-stale-read").dump(2));
  fs::copy_file(example_history("etcd-stale-read.jsonl"), dir_ / "history.jsonl");
  write("nodes/n1/etcd.log", "log\n");
  write("nodes/n3/etcd.log", "log\n");
  ASSERT_EQ(write_report(dir_.string()), std::nullopt);
  const std::string page = read("report.html");
  EXPECT_NE(page.find("<div class=\"verdict\">INVALID</div>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"nodes/n1/etcd.log\">etcd.log</a>"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"nodes/n3/etcd.log\">etcd.log</a>"), std::string::npos);
  EXPECT_NE(page.find(html_escape("faultline analyze " + dir_.string())), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_ / "report.html.tmp"));
}

TEST_F(ReportWrite, MissingOrCorruptHistoryStillGivesAReportThatSaysSo) {
  write("results.json", R"({"test": "t", "verdict": "error", "errors": ["setup failed"]})");
  ASSERT_EQ(write_report(dir_.string()), std::nullopt);
  EXPECT_NE(read("report.html").find("no history.jsonl in the store"), std::string::npos);

  write("history.jsonl",
        "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n{\"index\": oops}\n");
  ASSERT_EQ(write_report(dir_.string()), std::nullopt);
  const std::string page = read("report.html");
  EXPECT_NE(page.find("the history could not be read: " +
                      html_escape((dir_ / "history.jsonl").string()) + ":2:"),
            std::string::npos);
}

}  // namespace
}  // namespace faultline::report_test
