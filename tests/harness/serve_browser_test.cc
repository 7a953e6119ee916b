// `faultline serve` in a real browser, as a user browses a store: the index
// lists every run newest first with its verdict; the filter form's own
// fields, submitted as a browser submits a GET form, narrow it to a test
// and to a verdict; a run's "report" link serves that run's report, whose
// script runs. The runs are real stored runs, checked by `faultline analyze`.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "harness/history/op.h"
#include "tests/support/browser_test.h"
#include "tests/support/serve_child.h"
#include "tests/support/serve_index_dom.h"
#include "tests/support/stored_run.h"

namespace faultline::testing {
namespace {

namespace fs = std::filesystem;

struct StoredRunFacts {
  std::string started, test, verdict, relative;
};

// "2026-12-01T09:30:00Z" as the index shows it: "2026-12-01 09:30:00".
std::string shown_time(std::string started) {
  std::replace(started.begin(), started.end(), 'T', ' ');
  started.pop_back();
  return started;
}

class ServeBrowser : public BrowserTest {
 protected:
  void SetUp() override {
    BrowserTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    store_ = work_dir_ / "store";
    struct Planned {
      const char* test;
      const char* started;
      RunOutcome outcome;
      int status;
    };
    for (const Planned& p :
         {Planned{"etcd-register", "2026-12-01T09:00:00Z", RunOutcome::kValid, 0},
          Planned{"etcd-set", "2026-12-01T09:30:00Z", RunOutcome::kValid, 0},
          Planned{"etcd-register", "2026-12-01T10:00:00Z", RunOutcome::kInvalid, 1},
          Planned{"etcd-set", "2026-12-01T10:30:00Z", RunOutcome::kInvalid, 1},
          Planned{"etcd-register", "2026-12-01T11:00:00Z", RunOutcome::kUnknown, 2}}) {
      StoredRunSpec spec;
      spec.test = p.test;
      spec.started = p.started;
      spec.outcome = p.outcome;
      const StoredRun run = write_stored_run(store_, p.test, spec, FAULTLINE_BINARY);
      ASSERT_EQ(run.analyze.status, p.status) << run.analyze.out;
      std::ifstream in(run.dir / "results.json");
      const Json results = Json::parse(in);
      runs_.push_back({results["started"], results["test"], results["verdict"], run.relative});
    }
    server_.emplace(FAULTLINE_BINARY, store_, work_dir_ / "serve.log");
    ASSERT_TRUE(server_->ok()) << server_->why();
  }
  void TearDown() override {
    server_.reset();
    BrowserTest::TearDown();
  }

  // The runs the index must show for a filter, newest first, from the runs' own files.
  std::vector<StoredRunFacts> expected(const std::string& test, const std::string& verdict) const {
    std::vector<StoredRunFacts> out;
    for (const StoredRunFacts& run : runs_)
      if ((test.empty() || run.test == test) && (verdict.empty() || run.verdict == verdict))
        out.push_back(run);
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.started > b.started; });
    return out;
  }

  void expect_rows(const std::vector<IndexRow>& rows, const std::vector<StoredRunFacts>& runs) {
    ASSERT_EQ(rows.size(), runs.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      SCOPED_TRACE("row " + std::to_string(i + 1));
      EXPECT_EQ(rows[i].started, shown_time(runs[i].started));
      EXPECT_EQ(rows[i].test, runs[i].test);
      std::string word = runs[i].verdict;
      for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      EXPECT_NE(rows[i].verdict.find(word), std::string::npos) << rows[i].verdict;
      EXPECT_EQ(rows[i].report_href, "/runs/" + runs[i].relative + "/report.html");
    }
  }

  fs::path store_;
  std::vector<StoredRunFacts> runs_;
  std::optional<ServeChild> server_;
};

TEST_F(ServeBrowser, TheIndexListsEveryRunNewestFirstWithItsVerdict) {
  const ScannedDom dom = dom_of(server_->base_url() + "/");
  keep_screenshot(server_->base_url() + "/");
  expect_rows(index_rows(dom), expected("", ""));
  // Its controls are native ones, each with an outline when focused.
  const std::set<std::string> focused = outlined_selectors(dom, ":focus");
  for (const char* control : {"a", "select", "button"}) {
    EXPECT_FALSE(dom.select(control).empty()) << control;
    EXPECT_TRUE(focused.count(control)) << "no visible focus style for <" << control << ">";
  }
}

TEST_F(ServeBrowser, TheFormsFiltersNarrowTheIndexToATestAndAVerdict) {
  const ScannedDom index = dom_of(server_->base_url() + "/");
  const std::string by_test = form_submission(index, {{"test", "etcd-set"}});
  ASSERT_EQ(by_test, "/?test=etcd-set&verdict=");
  expect_rows(index_rows(dom_of(server_->base_url() + by_test)), expected("etcd-set", ""));

  const std::string by_verdict = form_submission(index, {{"verdict", "invalid"}});
  expect_rows(index_rows(dom_of(server_->base_url() + by_verdict)), expected("", "invalid"));

  const std::string both =
      form_submission(index, {{"test", "etcd-register"}, {"verdict", "unknown"}});
  const ScannedDom filtered = dom_of(server_->base_url() + both);
  expect_rows(index_rows(filtered), expected("etcd-register", "unknown"));
  keep_screenshot(server_->base_url() + both);
  // The page keeps the filter chosen: its form submits the same query again.
  EXPECT_EQ(form_submission(filtered, {}), both);
}

TEST_F(ServeBrowser, ARunsReportLinkServesThatRunsReportAndItsScriptRuns) {
  const std::vector<IndexRow> rows = index_rows(dom_of(server_->base_url() + "/?verdict=invalid"));
  ASSERT_FALSE(rows.empty());
  const StoredRunFacts run = expected("", "invalid").front();
  const std::string url = server_->base_url() + rows.front().report_href;
  const ScannedDom report = dom_of(url);
  keep_screenshot(url);
  EXPECT_NE(report.html().find("data-script-done=\"yes\""), std::string::npos)
      << report.html().substr(0, 400);
  const auto titles = report.select("title");
  ASSERT_FALSE(titles.empty());
  EXPECT_EQ(report.text_of(*titles[0]), run.verdict + ": " + run.test + " - faultline");
  EXPECT_NE(report.by_id("incident-title"), nullptr) << "an invalid run's incident summary";
}

}  // namespace
}  // namespace faultline::testing
