#include "harness/base/suggest.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

TEST(Suggest, EditDistanceCountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("abc", "abc"), 0u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("cas-registr", "cas-register"), 1u);
}

TEST(Suggest, ProposesTheClosestKnownNameOnlyWhenClose) {
  std::vector<std::string> names{"register", "cas-register", "mutex"};
  EXPECT_EQ(closest_name("cas-regster", names), "cas-register");
  EXPECT_EQ(closest_name("mutx", names), "mutex");
  EXPECT_FALSE(closest_name("completely-different", names).has_value());
}

TEST(Suggest, MessageNamesTheWrongValueTheSuggestionAndTheKnownNames) {
  std::string m = unknown_name_message("model", "mutx", {"mutex", "set"});
  EXPECT_EQ(m, "unknown model 'mutx' (did you mean 'mutex'?); known: mutex, set");
}

}  // namespace
}  // namespace faultline
