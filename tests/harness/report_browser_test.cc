// The report and the check page in a real browser (Debian's chromium,
// headless): the DOM after the page's script ran holds the verdict and the
// run's settings, an invalid run's incident summary and evidence, and the
// script ran to its end (it marks <html> with data-script-done); a person
// with a keyboard reaches every control and sees where the focus is.
// Screenshots of a valid and an invalid report are kept as test output.
// Without chromium the tests skip on a workstation but FAIL in CI (CI=true).
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "harness/report/report.h"
#include "tests/harness/report_fixtures.h"
#include "tests/support/browser_test.h"
#include "tests/support/run_binary.h"
#include "tests/support/stored_run.h"

namespace faultline::report_test {
namespace {

namespace fs = std::filesystem;
using testing::DomElement;
using testing::ScannedDom;

class ReportBrowser : public testing::BrowserTest {};

TEST_F(ReportBrowser, AnInvalidReportRendersItsIncidentSummaryAndEvidence) {
  const History history = read_fixture(example_history("etcd-stale-read.jsonl"));
  Json results = results_for(history, register_checker(), "stale-read <script>x</script>");
  std::ofstream(work_dir_ / "report.html")
      << render_report(results, history, {work_dir_.string(), {}});
  const std::string url = testing::file_url(work_dir_ / "report.html");
  const ScannedDom dom = dom_of(url);
  keep_screenshot(url);
  const std::string& html = dom.html();
  ASSERT_FALSE(html.empty()) << "chromium printed no DOM";
  EXPECT_NE(html.find("data-script-done=\"yes\""), std::string::npos) << html.substr(0, 400);
  EXPECT_NE(html.find("<h2 id=\"incident-title\">Incident summary</h2>"), std::string::npos);
  EXPECT_NE(html.find("returned 1, which no state the model could be in then allows"),
            std::string::npos);
  EXPECT_NE(html.find("<table class=\"evidence\">"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"timeline evidence-timeline\""), std::string::npos);
  // The hostile test name stayed text: no element came of it.
  EXPECT_NE(html.find("stale-read &lt;script&gt;x&lt;/script&gt;"), std::string::npos);
}

TEST_F(ReportBrowser, AValidReportShowsItsVerdictAndTheRunsSettings) {
  const testing::StoredRun run =
      testing::write_stored_run(work_dir_ / "store", "browser-register", {}, FAULTLINE_BINARY);
  ASSERT_EQ(run.analyze.status, 0) << run.analyze.out;
  std::ifstream in(run.dir / "results.json");
  const Json results = Json::parse(in);
  const std::string url = testing::file_url(run.dir / "report.html");
  const ScannedDom dom = dom_of(url);
  keep_screenshot(url);
  const auto banners = dom.select("header", "banner");
  ASSERT_EQ(banners.size(), 1u);
  EXPECT_TRUE(banners[0]->has_class("valid"));
  const std::string banner = dom.text_of(*banners[0]);
  EXPECT_EQ(banner.find("VALID"), 0u) << banner;
  EXPECT_NE(banner.find(results["test"].get<std::string>()), std::string::npos) << banner;
  EXPECT_NE(banner.find("seed " + results["seed"].dump()), std::string::npos) << banner;
  // Every setting of results.json's config, as a row of the settings table.
  std::map<std::string, std::string> shown;
  for (const DomElement* table : dom.select("table", "kv"))
    for (const DomElement* row : dom.select("tr", "", table)) {
      const auto th = dom.select("th", "", row), td = dom.select("td", "", row);
      if (th.size() == 1 && td.size() == 1) shown[dom.text_of(*th[0])] = dom.text_of(*td[0]);
    }
  for (const auto& [name, value] : results["config"].items())
    EXPECT_EQ(shown[name], value.is_string() ? value.get<std::string>() : value.dump()) << name;
  EXPECT_EQ(dom.by_id("incident-title"), nullptr) << "no incident summary for a valid run";
}

TEST_F(ReportBrowser, TheCheckPageRendersElleCyclesAndRunsItsScript) {
  const fs::path page = work_dir_ / "check.html";
  testing::BinaryRun r = testing::run_faultline(
      FAULTLINE_BINARY, "check --model list-append --html " + page.string() + " " +
                            example_history("append-read-skew.jsonl") + " 2>&1");
  ASSERT_EQ(r.status, 1) << r.out;
  const ScannedDom dom = dom_of(testing::file_url(page));
  keep_screenshot(testing::file_url(page));
  ASSERT_FALSE(dom.html().empty()) << "chromium printed no DOM";
  EXPECT_NE(dom.html().find("data-script-done=\"yes\""), std::string::npos)
      << dom.html().substr(0, 400);
  EXPECT_NE(dom.html().find("<svg class=\"elle-cycle\""), std::string::npos);
  EXPECT_NE(dom.html().find("G-single: a cycle of 2 txns"), std::string::npos);
}

TEST_F(ReportBrowser, EveryControlIsReachableByTabAndShowsItsFocus) {
  testing::StoredRunSpec spec;
  spec.outcome = testing::RunOutcome::kInvalid;
  const testing::StoredRun run =
      testing::write_stored_run(work_dir_ / "store", "browser-register", spec, FAULTLINE_BINARY);
  ASSERT_EQ(run.analyze.status, 1) << run.analyze.out;
  const ScannedDom dom = dom_of(testing::file_url(run.dir / "report.html"));
  keep_screenshot(testing::file_url(run.dir / "report.html"));
  ASSERT_NE(dom.html().find("data-script-done=\"yes\""), std::string::npos);
  // The controls the page's script listens to are native, focusable ones.
  const DomElement* hide_ok = dom.by_id("hide-ok");
  ASSERT_NE(hide_ok, nullptr);
  EXPECT_EQ(hide_ok->name, "input");
  EXPECT_EQ(hide_ok->attribute("type"), "checkbox");
  const auto labels = dom.select("label");
  EXPECT_TRUE(std::any_of(labels.begin(), labels.end(), [&](const DomElement* label) {
    return hide_ok->begin >= label->content_begin && hide_ok->begin < label->content_end &&
           dom.text_of(*label).find("hide ok ops") != std::string::npos;
  })) << "the checkbox has its label";
  const auto details = dom.select("details");
  ASSERT_FALSE(details.empty()) << "an invalid run's report has the checker's JSON to open";
  for (const DomElement* d : details) {
    const auto summaries = dom.select("summary", "", d);
    ASSERT_FALSE(summaries.empty()) << "a <details> without a <summary> cannot be opened by key";
    EXPECT_LT(summaries[0]->begin - d->content_begin, 2u) << "its summary comes first";
  }
  // Nothing is taken out of the tab order or reordered, and no element is a
  // control by script alone (a click handler on a <div>).
  std::set<std::string> kinds;
  for (const DomElement& element : dom.elements()) {
    EXPECT_FALSE(element.has("onclick") || element.has("onkeydown")) << element.name;
    if (element.has("tabindex")) {
      EXPECT_EQ(element.attribute("tabindex"), "0") << element.name << " breaks the tab order";
    }
    if (element.name == "button" || element.name == "select" || element.name == "summary" ||
        (element.name == "input" && element.attribute("type") != "hidden") ||
        (element.name == "a" && element.has("href")))
      kinds.insert(element.name);
  }
  EXPECT_TRUE(kinds.count("a") && kinds.count("input") && kinds.count("summary"));
  // Each kind of control has a :focus-visible rule that draws an outline.
  const std::set<std::string> focus_visible = testing::outlined_selectors(dom, ":focus-visible");
  for (const std::string& kind : kinds)
    EXPECT_TRUE(focus_visible.count(kind)) << "no visible focus style for <" << kind << ">";
}

}  // namespace
}  // namespace faultline::report_test
