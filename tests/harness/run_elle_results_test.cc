// A run's txn history checked at the end of `run` (and by `analyze`): Elle
// with the settings recorded in results["config"], and the checker's details
// exactly what `faultline check --model list-append --json` prints.
#include <gtest/gtest.h>

#include "harness/run/analysis.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

const std::string kReadSkew =
    std::string(FAULTLINE_SOURCE_DIR) + "/examples/histories/append-read-skew.jsonl";

Json results_with(const Json& config) { return {{"errors", Json::array()}, {"config", config}}; }

TEST(RunElle, TheRecordedExpectationDecidesTheVerdict) {
  Json weak = results_with({{"workload", "list-append"}, {"elle_expect", "read-committed"}});
  std::vector<CheckOutcome> outcomes = check_stored_history(kReadSkew, "list-append", weak);
  ASSERT_EQ(outcomes.size(), 1u) << weak.dump();
  EXPECT_EQ(outcomes[0].checker, "elle");
  EXPECT_EQ(outcomes[0].verdict, Verdict::kValid) << outcomes[0].summary;
  EXPECT_NE(outcomes[0].summary.find("anomalies: G-single 1"), std::string::npos);

  Json strict = results_with({{"workload", "list-append"}, {"elle_expect", "serializable"}});
  outcomes = check_stored_history(kReadSkew, "list-append", strict);
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(outcomes[0].verdict, Verdict::kInvalid);
  EXPECT_NE(outcomes[0].summary.find("G-single: a cycle of 2 txns"), std::string::npos)
      << outcomes[0].summary;
}

TEST(RunElle, DetailsAreWhatCheckJsonPrints) {
  Json results = results_with(
      {{"workload", "list-append"}, {"elle_expect", "serializable"}, {"elle_realtime", true}});
  std::vector<CheckOutcome> outcomes = check_stored_history(kReadSkew, "list-append", results);
  ASSERT_EQ(outcomes.size(), 1u);
  const testing::BinaryRun cli = testing::run_faultline(
      FAULTLINE_BINARY,
      "check --model list-append --expect serializable --realtime --json " + kReadSkew);
  Json printed = Json::parse(cli.out);
  Json details = outcomes[0].details;
  for (Json* j : {&printed, &details}) j->erase("seconds");
  printed.erase("file");
  EXPECT_EQ(details, printed);
}

}  // namespace
}  // namespace faultline
