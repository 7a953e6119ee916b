#include "harness/base/utf8.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

TEST(Utf8, WellFormedTextHasNoInvalidByte) {
  EXPECT_EQ(first_invalid_utf8(""), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("plain ascii\n"), std::string_view::npos);
  EXPECT_EQ(first_invalid_utf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x9b \xf4\x8f\xbf\xbf"),
            std::string_view::npos);
}

TEST(Utf8, TheFirstIllFormedByteIsFound) {
  struct Case {
    std::string text;
    size_t at;
  };
  const Case cases[] = {
      {"ab\xaf", 2},                 // a lone continuation byte
      {"a\xc3", 1},                  // cut short
      {"a\xc3(", 1},                 // a lead byte without its continuation
      {"\xc0\x80", 0},               // overlong NUL
      {"\xe0\x80\xaf", 0},           // overlong '/'
      {"\xed\xa0\x80", 0},           // a surrogate (U+D800)
      {"\xf4\x90\x80\x80", 0},       // past U+10FFFF
      {"\xf5\x80\x80\x80", 0},       // no such lead byte
      {"\xc3\xa9\xff", 2},
  };
  for (const Case& c : cases) EXPECT_EQ(first_invalid_utf8(c.text), c.at) << c.at;
}

TEST(Utf8, InvalidBytesAreShownAsHexAndTheRestKept) {
  EXPECT_EQ(with_invalid_utf8_escaped("caf\xc3\xa9 \xaf!\xed\xa0\x80"),
            "caf\xc3\xa9 \\xaf!\\xed\\xa0\\x80");
  EXPECT_EQ(first_invalid_utf8(with_invalid_utf8_escaped("\xff\xfe")), std::string_view::npos);
}

TEST(Utf8, TextFilesHaveNoControlCharactersButTabsAndLineEnds) {
  EXPECT_EQ(first_non_text_byte("a: 1\r\n\tb: \xc3\xa9\n"), std::string_view::npos);
  EXPECT_EQ(first_non_text_byte(std::string("a\0b", 3)), 1u);
  EXPECT_EQ(first_non_text_byte("a\x1b[31m"), 1u);
  EXPECT_EQ(first_non_text_byte("ab\x7f"), 2u);
  EXPECT_EQ(first_non_text_byte("\xc3\xa9\xaf"), 2u);
}

TEST(Utf8, ColumnsCountCodePoints) {
  EXPECT_EQ(column_at("abc", 0), 1);
  EXPECT_EQ(column_at("abc", 2), 3);
  EXPECT_EQ(column_at("\xc3\xa9!", 2), 2);  // 'é' is two bytes
  EXPECT_EQ(column_at("ab", 10), 3);        // past the end: one past the last
}

}  // namespace
}  // namespace faultline
