#include "checkers/verdict.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

TEST(Verdict, InvalidBeatsUnknownBeatsValid) {
  EXPECT_EQ(combine(Verdict::kValid, Verdict::kValid), Verdict::kValid);
  EXPECT_EQ(combine(Verdict::kValid, Verdict::kUnknown), Verdict::kUnknown);
  EXPECT_EQ(combine(Verdict::kUnknown, Verdict::kInvalid), Verdict::kInvalid);
  EXPECT_EQ(combine(Verdict::kInvalid, Verdict::kValid), Verdict::kInvalid);
}

TEST(Verdict, MapsToExitCodesAndJson) {
  EXPECT_EQ(exit_code(Verdict::kValid), 0);
  EXPECT_EQ(exit_code(Verdict::kInvalid), 1);
  EXPECT_EQ(exit_code(Verdict::kUnknown), 2);
  EXPECT_EQ(to_json(Verdict::kValid), Json(true));
  EXPECT_EQ(to_json(Verdict::kInvalid), Json(false));
  EXPECT_EQ(to_json(Verdict::kUnknown), Json("unknown"));
}

}  // namespace
}  // namespace faultline
