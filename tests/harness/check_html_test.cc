// `faultline check --html OUT.html FILE...` draws the run report's evidence
// view for imported histories; Elle's anomalies get their cycle drawn as an
// SVG graph, also in a run report whose results carry an Elle result.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/report/elle_graph.h"
#include "harness/report/report.h"
#include "tests/harness/report_fixtures.h"
#include "tests/support/run_binary.h"

namespace faultline::report_test {
namespace {

namespace fs = std::filesystem;

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

class CheckHtml : public ::testing::Test {
 protected:
  void SetUp() override {
    out_ = (fs::temp_directory_path() /
            ("faultline-check-html-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".html"))
               .string();
  }
  void TearDown() override { fs::remove(out_); }
  std::string page() {
    std::ifstream in(out_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::string out_;
};

TEST_F(CheckHtml, ALinearizabilityViolationGetsTheRunReportsEvidenceView) {
  testing::BinaryRun r = testing::run_faultline(
      FAULTLINE_BINARY,
      "check --html " + out_ + " " + example_history("etcd-stale-read.jsonl") + " 2>&1");
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("evidence page: " + out_), std::string::npos) << r.out;
  const std::string html = page();
  EXPECT_NE(html.find(": <span class=\"verdict-word\">invalid</span></h2>"), std::string::npos);
  EXPECT_NE(html.find("<table class=\"evidence\">"), std::string::npos) << html;
  EXPECT_NE(html.find("<tr class=\"failed\"><td>cannot be linearized</td>"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"timeline evidence-timeline\""), std::string::npos) << html;
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST_F(CheckHtml, AListAppendCycleIsDrawnAsAGraphBesideItsText) {
  testing::BinaryRun r = testing::run_faultline(
      FAULTLINE_BINARY, "check --model list-append --html " + out_ + " " +
                            example_history("append-read-skew.jsonl") + " 2>&1");
  EXPECT_EQ(r.status, 1) << r.out;
  const std::string html = page();
  EXPECT_EQ(count(html, "<svg class=\"elle-cycle\""), 1u) << html;
  EXPECT_EQ(count(html, "<g class=\"elle-txn\">"), 2u);
  EXPECT_NE(html.find("<g class=\"elle-edge rw\">"), std::string::npos);
  EXPECT_NE(html.find(">rw x</text>"), std::string::npos);
  EXPECT_NE(html.find(">wr y</text>"), std::string::npos);
  EXPECT_NE(html.find("<h4>G-single: a cycle of 2 txns</h4>"), std::string::npos);
  EXPECT_NE(html.find("T0 read [1] of y, which T1&#39;s append of 1 produced"), std::string::npos);
  EXPECT_NE(html.find("<code>[append x 1] [append y 1]</code>"), std::string::npos);
}

// Elle's JSON as `check --json` prints it, with hostile names and values.
Json hostile_elle_result() {
  return Json::parse(R"({"valid": false, "ruled_out": ["serializable"],
    "anomalies": [{"type": "G1c", "description": "a cycle <b>",
      "txns": [{"name": "T0", "line": 3, "process": 0, "type": "ok",
                "micro_ops": ["[append x \"<script>alert(1)</script>\"]"]},
               {"name": "T1\"><img onerror=x>", "line": 4, "process": 1, "type": "ok",
                "micro_ops": ["[r x []]"]}],
      "cycle": [{"from": "T0", "to": "T1\"><img onerror=x>", "edge": "ww", "key": "<k>",
                 "why": "because <i>"},
                {"from": "T1\"><img onerror=x>", "to": "T0", "edge": "wr\" onload=\"x", "key": "x",
                 "why": "and"}]}]})");
}

TEST(ElleGraph, EveryValueIsEscapedInTheSvgAndTheText) {
  const std::string html = render_elle_anomalies(hostile_elle_result());
  EXPECT_EQ(html.find("<script>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<img"), std::string::npos) << html;
  EXPECT_EQ(html.find("cycle <b>"), std::string::npos);
  EXPECT_EQ(html.find("<k>"), std::string::npos);
  EXPECT_EQ(html.find("onload=\""), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find(">ww &lt;k&gt;</text>"), std::string::npos) << html;
  // The edge kind becomes a class token, never markup.
  EXPECT_NE(html.find("<g class=\"elle-edge wronloadx\">"), std::string::npos) << html;
}

TEST(ElleGraph, ARunReportShowsAnElleCheckersCycles) {
  const Json results = {{"test", "append"},
                        {"verdict", "invalid"},
                        {"valid", false},
                        {"checkers", Json::array({{{"checker", "elle"},
                                                   {"valid", false},
                                                   {"summary", "list-append: INVALID (G1c)"},
                                                   {"details", hostile_elle_result()}}})}};
  const std::string page = render_report(results, History{});
  EXPECT_EQ(count(page, "<svg class=\"elle-cycle\""), 1u) << page;
  EXPECT_NE(page.find("<h3>elle: invalid</h3>"), std::string::npos);
  EXPECT_EQ(page.find("<img onerror"), std::string::npos);
}

}  // namespace
}  // namespace faultline::report_test
