#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "harness/report/report_parts.h"
#include "tests/harness/report_fixtures.h"
#include "tests/support/append_op.h"

namespace faultline::report_test {
namespace {

using report_detail::json_for_script;

TEST(ReportEscape, HtmlEscapeCoversTextAndQuotedAttributes) {
  EXPECT_EQ(html_escape("<a href=\"x\" title='y'>&amp;</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;");
  EXPECT_EQ(html_escape("plain text, ünïcödé"), "plain text, ünïcödé");
}

TEST(ReportEscape, JsonForScriptCannotCloseTheScriptElement) {
  const Json value = {
      {"value", "</script><script>alert(1)</script><!-- & \xE2\x80\xA8 \xE2\x80\xA9"}};
  const std::string text = json_for_script(value);
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(text.find('>'), std::string::npos) << text;
  EXPECT_EQ(text.find('&'), std::string::npos) << text;
  EXPECT_EQ(text.find("\xE2\x80\xA8"), std::string::npos) << text;
  EXPECT_EQ(text.find("\xE2\x80\xA9"), std::string::npos) << text;
  EXPECT_EQ(Json::parse(text), value);  // still the same JSON
}

TEST(ReportEscape, JsonForScriptSurvivesBytesThatAreNotUtf8) {
  EXPECT_NO_THROW(json_for_script(Json("bad \xFF byte")));
}

// A history whose every field a person or a database controls is hostile.
History hostile_history() {
  const std::string evil = "\"'><script>alert(1)</script>";
  History history;
  auto add = [&](int64_t process, OpType type, const std::string& f, Json value, int64_t t,
                 Json error = Json()) {
    Op& op = testing::append_op(history, process, type, f, std::move(value));
    op.key = "k" + evil;
    op.time_ns = t;
    op.node = "n1" + evil;
    op.error = std::move(error);
  };
  add(0, OpType::kInvoke, "write", 1, 1'000'000);
  add(0, OpType::kOk, "write", 1, 2'000'000);
  add(1, OpType::kInvoke, "write", 2, 3'000'000);
  add(1, OpType::kOk, "write", 2, 4'000'000);
  add(2, OpType::kInvoke, "read", nullptr, 5'000'000);
  add(2, OpType::kOk, "read", 1, 6'000'000);  // stale: invalid, so the evidence is drawn
  add(3, OpType::kInvoke, "write", "</script>" + evil, 7'000'000);
  add(3, OpType::kInfo, "write", "</script>" + evil, 8'000'000, "timeout " + evil);
  Op nemesis;
  nemesis.process = kNemesisProcess;
  nemesis.type = OpType::kInfo;
  nemesis.f = "start-partition" + evil;
  nemesis.value = {{"n1" + evil, {"n2" + evil}}};
  nemesis.time_ns = 2'500'000;
  nemesis.index = static_cast<int64_t>(history.ops.size());
  history.ops.push_back(nemesis);
  return history;
}

TEST(ReportEscape, HostileValuesNeverReachThePageRaw) {
  const History history = hostile_history();
  Json results = results_for(history, register_checker(), "test<script>alert(1)</script>\"'");
  ASSERT_EQ(results["verdict"], "invalid");
  results["errors"] = {"setup failed: <img src=x onerror=alert(1)>"};
  results["nemesis"] = {
      {"errors", {"</script><b>"}}, {"still_active", Json::array()}, {"plan", Json::object()}};
  results["nodes"] = Json::array({{{"name", "n1\"><script>"}, {"address", "<x>"}}});
  ReportContext context{"/tmp/a b'<script>", {{"n1\"><script>", {"db<script>.log"}}}};
  const std::string page = render_report(results, history, context);

  // The page's own script is the only script element, besides the embedded JSON.
  size_t scripts = 0;
  for (size_t at = page.find("<script"); at != std::string::npos; at = page.find("<script", at + 1))
    ++scripts;
  EXPECT_EQ(scripts, results["checkers"].size() + 1);
  EXPECT_EQ(page.find("alert(1)</script>"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("</script><b>"), std::string::npos);
  EXPECT_EQ(page.find("\"'>"), std::string::npos);
  EXPECT_NE(page.find("test&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;"), std::string::npos);
  // Links to hostile node names stay inside their attribute and inside nodes/.
  EXPECT_NE(page.find("href=\"nodes/n1%22%3E%3Cscript%3E/db%3Cscript%3E.log\""), std::string::npos);
}

TEST(ReportEscape, EmbeddedCheckerJsonEndsOnlyAtItsOwnScriptTag) {
  const History history = hostile_history();
  const Json results = results_for(history, register_checker(), "t");
  const std::string page = render_report(results, history);
  const std::string open = "<script type=\"application/json\" id=\"checker-json-1\">";
  const size_t begin = page.find(open);
  ASSERT_NE(begin, std::string::npos);
  const size_t end = page.find("</script>", begin);
  const std::string embedded = page.substr(begin + open.size(), end - begin - open.size());
  EXPECT_EQ(embedded.find('<'), std::string::npos);
  EXPECT_EQ(Json::parse(embedded), results["checkers"][0]["details"]);  // the whole JSON, intact
}

TEST(ReportEscape, PageFetchesNothingFromOutside) {
  const History history = read_fixture(example_history("etcd-stale-read.jsonl"));
  const std::string page = render_report(results_for(history, register_checker(), "t"), history);
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_NE(page.find("default-src 'none'"), std::string::npos);
}

}  // namespace
}  // namespace faultline::report_test
