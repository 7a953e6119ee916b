#include <gtest/gtest.h>

#include "harness/report/report.h"
#include "tests/harness/report_fixtures.h"

namespace faultline::report_test {
namespace {

struct BannerCase {
  std::string verdict;
  Json valid;
  std::string shown;
  std::string reason;  // a part of the one-line reason
};

Json results_with(const BannerCase& c) {
  Json results = {
      {"test", "etcd-register"},
      {"verdict", c.verdict},
      {"valid", c.valid},
      {"started", "2026-12-01T09:30:00Z"},
      {"finished", "2026-12-01T09:31:02Z"},
      {"seconds", 62.1},
      {"seed", 1234},
      {"checkers", Json::array({{{"checker", "linearizability"},
                                 {"valid", c.valid},
                                 {"summary", "summary for " + c.verdict + "\nsecond line"},
                                 {"details", Json::object()}}})},
      {"errors", Json::array()}};
  if (c.verdict == "error") results["errors"] = {"db setup on n2: etcd exited with status 1"};
  return results;
}

TEST(ReportBanner, ShowsEachVerdictWithItsColourAndReason) {
  const std::vector<BannerCase> cases = {
      {"valid", true, "VALID", "linearizability: summary for valid"},
      {"invalid", false, "INVALID", "linearizability: summary for invalid"},
      {"unknown", "unknown", "UNKNOWN", "linearizability: summary for unknown"},
      {"error", "unknown", "ERROR", "db setup on n2: etcd exited with status 1"},
  };
  for (const BannerCase& c : cases) {
    const std::string page = render_report(results_with(c), History{});
    EXPECT_NE(page.find("<header class=\"banner " + c.verdict + "\"><div class=\"verdict\">" +
                        c.shown + "</div>"),
              std::string::npos)
        << c.verdict;
    EXPECT_NE(page.find("<p class=\"reason\">" + c.reason + "</p>"), std::string::npos)
        << c.verdict;
    EXPECT_EQ(page.find("second line</p>"), std::string::npos) << "the reason is one line";
    EXPECT_NE(page.find("<h1>etcd-register</h1>"), std::string::npos);
    EXPECT_NE(page.find("2026-12-01T09:30:00Z → 2026-12-01T09:31:02Z · 62.1 s · seed 1234"),
              std::string::npos);
  }
}

TEST(ReportBanner, VerdictFollowsValidWhenTheVerdictFieldIsMissing) {
  Json results = results_with({"invalid", false, "", ""});
  results.erase("verdict");
  EXPECT_NE(render_report(results, History{}).find("<div class=\"verdict\">INVALID</div>"),
            std::string::npos);
}

TEST(ReportBanner, GivesTheCommandsToCheckAgainAndToReplay) {
  const Json results = results_with({"invalid", false, "", ""});
  const std::string page =
      render_report(results, History{}, {"store/etcd register/20261201T093000Z", {}});
  EXPECT_NE(
      page.find("<code>faultline analyze &#39;store/etcd register/20261201T093000Z&#39;</code>"),
      std::string::npos);
  EXPECT_NE(page.find("<code>faultline run &#39;store/etcd "
                      "register/20261201T093000Z/test.yaml&#39; --seed 1234</code>"),
            std::string::npos);
}

TEST(ReportBanner, StillActiveFaultsAndErrorsAreShownLoudly) {
  Json results = results_with({"invalid", false, "", ""});
  results["nemesis"] = {{"plan", Json::object()},
                        {"faults_started", 2},
                        {"errors", {"stop-partition: n3: iptables: command not found"}},
                        {"still_active", Json::array({{{"kind", "pause"}, {"nodes", {"n2"}}}})}};
  results["errors"] = {"teardown: could not collect logs from n1"};
  results["interrupted"] = true;
  const std::string page = render_report(results, History{});
  const size_t alerts = page.find("<section class=\"alerts\">");
  ASSERT_NE(alerts, std::string::npos);
  EXPECT_LT(alerts, page.find("<h2>The run</h2>"));  // before the pictures
  for (const char* text :
       {"Faults still active after the final heal", "{&quot;kind&quot;:&quot;pause&quot;",
        "stop-partition: n3: iptables: command not found",
        "teardown: could not collect logs from n1", "The run was interrupted"})
    EXPECT_NE(page.find(text, alerts), std::string::npos) << text;
}

TEST(ReportBanner, CleanRunHasNoAlerts) {
  const Json results = results_with({"valid", true, "", ""});
  EXPECT_EQ(render_report(results, History{}).find("class=\"alerts\""), std::string::npos);
}

}  // namespace
}  // namespace faultline::report_test
