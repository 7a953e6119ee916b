// The report and the check page in a real browser (Debian's chromium,
// headless): the DOM after the page's script ran holds the incident summary
// and the evidence, and the script ran to its end (it marks <html> with
// data-script-done). Without chromium the test skips on a workstation but
// FAILS in CI (CI=true): the proof must not silently vanish there.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "harness/report/report.h"
#include "tests/harness/report_fixtures.h"
#include "tests/support/run_binary.h"

namespace faultline::report_test {
namespace {

namespace fs = std::filesystem;

std::string chromium_binary() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (::access(path, X_OK) == 0) return path;
  return "";
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

class ReportBrowser : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = chromium_binary();
    if (chromium_.empty()) {
      if (in_ci()) FAIL() << "chromium is not installed (scripts/install-deps.sh installs it)";
      GTEST_SKIP() << "chromium is not installed (scripts/install-deps.sh installs it)";
    }
    dir_ = fs::temp_directory_path() /
           ("faultline-browser-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  // The DOM after load and scripts, as chromium serializes it.
  std::string rendered_dom(const fs::path& page) {
    const std::string command =
        "timeout 60 " + chromium_ +
        " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
        "--user-data-dir=" +
        (dir_ / "profile").string() + " --dump-dom 'file://" + page.string() + "' 2>/dev/null";
    std::string dom;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
      char buffer[65536];
      for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) dom.append(buffer, n);
      ::pclose(pipe);
    }
    return dom;
  }
  std::string chromium_;
  fs::path dir_;
};

TEST_F(ReportBrowser, AnInvalidReportRendersItsIncidentSummaryAndEvidence) {
  const History history = read_fixture(example_history("etcd-stale-read.jsonl"));
  Json results = results_for(history, register_checker(), "stale-read <script>x</script>");
  std::ofstream(dir_ / "report.html") << render_report(results, history, {dir_.string(), {}});
  const std::string dom = rendered_dom(dir_ / "report.html");
  ASSERT_FALSE(dom.empty()) << "chromium printed no DOM";
  EXPECT_NE(dom.find("data-script-done=\"yes\""), std::string::npos) << dom.substr(0, 400);
  EXPECT_NE(dom.find("<h2 id=\"incident-title\">Incident summary</h2>"), std::string::npos);
  EXPECT_NE(dom.find("returned 1, which no state the model could be in then allows"),
            std::string::npos);
  EXPECT_NE(dom.find("<table class=\"evidence\">"), std::string::npos);
  EXPECT_NE(dom.find("<svg class=\"timeline evidence-timeline\""), std::string::npos);
  // The hostile test name stayed text: no element came of it.
  EXPECT_NE(dom.find("stale-read &lt;script&gt;x&lt;/script&gt;"), std::string::npos);
}

TEST_F(ReportBrowser, TheCheckPageRendersElleCyclesAndRunsItsScript) {
  const fs::path page = dir_ / "check.html";
  testing::BinaryRun r = testing::run_faultline(
      FAULTLINE_BINARY, "check --model list-append --html " + page.string() + " " +
                            example_history("append-read-skew.jsonl") + " 2>&1");
  ASSERT_EQ(r.status, 1) << r.out;
  const std::string dom = rendered_dom(page);
  ASSERT_FALSE(dom.empty()) << "chromium printed no DOM";
  EXPECT_NE(dom.find("data-script-done=\"yes\""), std::string::npos) << dom.substr(0, 400);
  EXPECT_NE(dom.find("<svg class=\"elle-cycle\""), std::string::npos);
  EXPECT_NE(dom.find("G-single: a cycle of 2 txns"), std::string::npos);
}

}  // namespace
}  // namespace faultline::report_test
