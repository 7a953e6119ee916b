// Lists as users write them: blanks around names are not part of them, and
// empty parts survive so that "n1,,n2" and "n1," can be refused by name.
#include <gtest/gtest.h>

#include "harness/base/text_list.h"

namespace faultline {
namespace {

using Parts = std::vector<std::string>;

TEST(TextList, SplitTrimsEachPartAndKeepsEmptyOnes) {
  EXPECT_EQ(split_trimmed("n1, n2 ,\tn3", ','), (Parts{"n1", "n2", "n3"}));
  EXPECT_EQ(split_trimmed("n1,,n2", ','), (Parts{"n1", "", "n2"}));
  EXPECT_EQ(split_trimmed("n1,", ','), (Parts{"n1", ""}));
  EXPECT_EQ(split_trimmed(",", ','), (Parts{"", ""}));
  EXPECT_EQ(split_trimmed("n1,n2|n3", '|'), (Parts{"n1,n2", "n3"}));
  EXPECT_EQ(split_trimmed("", ','), Parts{});
  EXPECT_EQ(split_trimmed("  ", ','), (Parts{""}));
}

TEST(TextList, TrimRemovesSpacesTabsAndCarriageReturnsOnly) {
  EXPECT_EQ(trim_blanks(" \tn1 \r"), "n1");
  EXPECT_EQ(trim_blanks("a b"), "a b");
  EXPECT_EQ(trim_blanks(" \t\r"), "");
  EXPECT_EQ(trim_blanks("\nx\n"), "\nx\n");
}

}  // namespace
}  // namespace faultline
