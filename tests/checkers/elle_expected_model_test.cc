// The Elle checker against the consistency model a database claims: only an
// anomaly that rules that model out makes the history invalid; the others
// are still reported.
#include <gtest/gtest.h>

#include "checkers/elle/elle_report.h"
#include "tests/checkers/txn_events.h"

namespace faultline {
namespace {

using elle::ElleOptions;
using elle::ElleResult;
using testing::Txns;

// Read skew: T0 sees y's append but not x's, both made by T1 (G-single).
Txns read_skew() {
  Txns h;
  h.invoke(0, R"([["r","x",[]],["r","y",[1]]])")
      .txn(1, R"([["append","x",1],["append","y",1]])")
      .complete(0, R"([["r","x",[]],["r","y",[1]]])")
      .txn(2, R"([["r","x",[1]],["r","y",[1]]])");
  return h;
}

ElleResult check(const Txns& txns, const std::string& expected) {
  ElleOptions options;
  options.expected_model = expected;
  return elle::check_elle(txns.history(), options);
}

TEST(ElleExpectedModel, AnomalyAWeakerClaimAllowsIsReportedButValid) {
  const ElleResult r = check(read_skew(), "read-committed");
  EXPECT_EQ(r.verdict, Verdict::kValid);
  EXPECT_EQ(r.anomaly_counts.at("G-single"), 1u);
  const Json json = elle::to_json(r);
  EXPECT_EQ(json["valid"], true);
  EXPECT_EQ(json["expected"], "read-committed");
  EXPECT_EQ(json["anomaly_types"], Json::array({"G-single"}));
  std::ostringstream text;
  elle::print_elle_result(text, "h", r, false);
  EXPECT_NE(text.str().find("expected: read-committed (not ruled out"), std::string::npos)
      << text.str();
}

TEST(ElleExpectedModel, AnomalyThatRulesOutTheClaimIsInvalid) {
  const ElleResult r = check(read_skew(), "serializable");
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  EXPECT_EQ(elle::to_json(r)["expected"], "serializable");
  EXPECT_EQ(check(read_skew(), "repeatable-read").verdict, Verdict::kInvalid);
}

TEST(ElleExpectedModel, NoClaimMeansAnyAnomalyIsInvalid) {
  const ElleResult r = check(read_skew(), "");
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  EXPECT_FALSE(elle::to_json(r).contains("expected"));
}

TEST(ElleExpectedModel, ValidHistoryStaysValidUnderEveryClaim) {
  Txns h;
  h.txn(0, R"([["append","x",1]])").txn(1, R"([["r","x",[1]]])");
  for (const std::string& model : elle::consistency_model_names())
    EXPECT_EQ(check(h, model).verdict, Verdict::kValid) << model;
}

}  // namespace
}  // namespace faultline
