// A txn run checked valid against a weaker expected model still names the
// anomalies it found: in summary.md and junit.xml, not only the terminal.
#include <gtest/gtest.h>

#include "harness/report/evidence_text.h"
#include "harness/run/junit.h"
#include "harness/run/summary_md.h"

namespace faultline {
namespace {

Json results_with(const Json& details) {
  return {{"test", "pg"},
          {"verdict", "valid"},
          {"valid", true},
          {"seed", 1},
          {"checkers",
           {{{"checker", "elle"},
             {"valid", true},
             {"summary", "elle: valid  (list-append, 9 txns)\n  anomalies: G-single 2"},
             {"details", details}}}}};
}

const Json kAllowed = {{"valid", true},
                       {"expected", "read-committed"},
                       {"anomaly_counts", {{"G-single", 2}, {"G2-item", 1}}}};

TEST(AllowedAnomalies, AreNamedInSummaryMdAndJunit) {
  const Json results = results_with(kAllowed);
  EXPECT_EQ(allowed_anomalies(results["checkers"][0]), "G-single 2, G2-item 1");
  const std::string md = summary_markdown(results, "store/pg/1");
  EXPECT_NE(md.find("### Anomalies the expected model allows\n\nG-single 2, G2-item 1"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("anomalies: G-single 2"), std::string::npos) << md;
  const std::string junit = junit_xml(results);
  EXPECT_NE(junit.find("<testcase classname=\"pg\" name=\"elle\">\n    <system-out>elle: valid"),
            std::string::npos)
      << junit;
  EXPECT_NE(junit.find("failures=\"0\""), std::string::npos) << junit;
}

TEST(AllowedAnomalies, NothingWhenThereAreNone) {
  const Json results = results_with({{"valid", true}, {"anomaly_counts", Json::object()}});
  EXPECT_EQ(allowed_anomalies(results["checkers"][0]), "");
  EXPECT_EQ(summary_markdown(results, "s").find("Anomalies the expected"), std::string::npos);
  EXPECT_NE(junit_xml(results).find("name=\"elle\"/>"), std::string::npos);
}

}  // namespace
}  // namespace faultline
