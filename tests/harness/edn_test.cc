#include "harness/history/edn.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace faultline {
namespace {

struct ValueCase {
  const char* edn;
  const char* json;  // what the EDN should read as
};

TEST(Edn, ConvertsValuesToJson) {
  const ValueCase cases[] = {
      {"nil", "null"},
      {"true", "true"},
      {"false", "false"},
      {"42", "42"},
      {"-7", "-7"},
      {"+3", "3"},
      {"12N", "12"},
      {"-9223372036854775808", "-9223372036854775808"},
      {"1.5", "1.5"},
      {"-2.5e3", "-2500.0"},
      {"1.25M", "1.25"},
      {"1/4", "0.25"},
      {R"("a\tb\n\"q\" \\ \u00e9")", R"("a\tb\n\"q\" \\ é")"},
      {"\"multi\nline\"", R"("multi\nline")"},
      {":invoke", R"("invoke")"},
      {":jepsen.db/setup", R"("jepsen.db/setup")"},
      {"read", R"("read")"},
      {"clojure.core/+", R"("clojure.core/+")"},
      {"\\a", R"("a")"},
      {"\\newline", R"("\n")"},
      {"\\space", R"(" ")"},
      {"\\u00e9", R"("é")"},
      {"[1 4]", "[1,4]"},
      {"[[:read :x nil] [:write :y 2]]", R"([["read","x",null],["write","y",2]])"},
      {"(1 (2 3) ())", "[1,[2,3],[]]"},
      {"#{:a}", R"(["a"])"},
      {"{:process 3, :type :ok}", R"({"process":3,"type":"ok"})"},
      {"{1 :one, [1 2] :pair, nil :none, \"s\" :string}",
       R"({"1":"one","[1,2]":"pair","null":"none","s":"string"})"},
      {"[1, 2,, 3]", "[1,2,3]"},
      {"[1 ; a comment ]\n 2]", "[1,2]"},
      {"[1 #_2 3 #_ #_ 4 5 6]", "[1,3,6]"},
      {"#_ [ignored] :kept", R"("kept")"},
      {"#inst \"2024-01-02T03:04:05.000-00:00\"", R"("2024-01-02T03:04:05.000-00:00")"},
      {"#uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\"",
       R"("f81d4fae-7dec-11d0-a765-00a0c91e6bf6")"},
      {"#my/tag {:a 1}", R"({"a":1})"},
      {"  ; leading comment\n  :x  ", R"("x")"},
  };
  for (const ValueCase& c : cases) {
    SCOPED_TRACE(c.edn);
    Parsed<Json> value = parse_edn(c.edn);
    ASSERT_TRUE(value.ok()) << value.error().to_string();
    EXPECT_EQ(*value, Json::parse(c.json));
  }
}

struct ErrorCase {
  const char* edn;
  int64_t line;
  int64_t column;
  const char* message;
};

TEST(Edn, ErrorsSayWhereAndWhatWasExpected) {
  const ErrorCase cases[] = {
      {"[1 2", 1, 5, "expected ']' to close the vector opened at 1:1, found end of input"},
      {"\n\n[{:a 1}\n {:b 2}\n", 5, 1,
       "expected ']' to close the vector opened at 3:1, found end of input"},
      {"[{:a 1}\n {:b [1 2}]", 2, 10, "expected ']' to close the vector opened at 2:6, found '}'"},
      {"(1 2]", 1, 5, "expected ')' to close the list opened at 1:1, found ']'"},
      {"#{1 2", 1, 6, "expected '}' to close the set opened at 1:1, found end of input"},
      {"{:type : invoke}", 1, 8, "expected a keyword name after ':'"},
      {"[:a ::b]", 1, 5, "invalid keyword '::b': auto-resolved keywords are not EDN"},
      {"{:ty@pe 1}", 1, 2, "invalid character '@' in keyword ':ty@pe'"},
      {"{:a \"x\\q\"}", 1, 7, "unknown escape '\\q' in a string"},
      {"{:a}", 1, 4, "expected a value for key 'a' in the map opened at 1:1, found '}'"},
      {"[1 #_]", 1, 6, "expected a form after '#_', found ']'"},
      {"#inst", 1, 6, "expected a form after tag #inst, found end of input"},
      {"99999999999999999999", 1, 1, "integer 99999999999999999999 does not fit in 64 bits"},
      {"[1 2x]", 1, 4, "invalid number '2x'"},
      {"1e999", 1, 1, "number 1e999 is out of range"},
      {"]", 1, 1, "unexpected ']' with nothing open to close"},
      {"\\bogus", 1, 1, "unknown character literal '\\bogus'"},
      {"#:ns{:a 1}", 1, 1, "namespaced maps (#:ns{...}) are not supported"},
      {"1 2", 1, 3, "unexpected text after the form"},
      {"", 1, 1, "expected a form, found end of input"},
      {"[\"é\" \"ü\" x@]", 1, 10, "invalid character '@' in symbol 'x@'"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.edn);
    Parsed<Json> value = parse_edn(c.edn, "h.edn");
    ASSERT_FALSE(value.ok()) << value->dump();
    EXPECT_EQ(value.error().where.file, "h.edn");
    EXPECT_EQ(value.error().where.line, c.line);
    EXPECT_EQ(value.error().where.column, c.column);
    EXPECT_EQ(value.error().message, c.message);
  }
}

TEST(Edn, UnterminatedStringNamesWhereItOpened) {
  Parsed<Json> value = parse_edn("[1 \"abc]\n\n", "h.edn");
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().to_string(),
            "h.edn:3:1: expected '\"' to close the string opened at 1:4, found end of input");
}

TEST(Edn, HostileNestingIsAnErrorNotAStackOverflow) {
  const std::string hostile[] = {
      std::string(100000, '['),
      std::string(100000, '('),
      [] {
        std::string s;
        for (int i = 0; i < 100000; ++i) s += "{:a ";
        return s;
      }(),
      [] {
        std::string s;
        for (int i = 0; i < 100000; ++i) s += "#_";
        return s + "1";
      }(),
      [] {
        std::string s;
        for (int i = 0; i < 100000; ++i) s += "#t ";
        return s + "1";
      }(),
  };
  for (const std::string& text : hostile) {
    SCOPED_TRACE(text.substr(0, 8));
    Parsed<Json> value = parse_edn(text);
    ASSERT_FALSE(value.ok());
    EXPECT_EQ(value.error().message, "nesting deeper than 512 levels");
    EXPECT_EQ(value.error().where.line, 1);
  }
  EXPECT_EQ(parse_edn(std::string(100000, '[')).error().where.column, 513);
}

TEST(Edn, NestingUpToTheLimitIsFine) {
  const int depth = EdnReader::kMaxDepth;
  Parsed<Json> value = parse_edn(std::string(depth, '[') + std::string(depth, ']'));
  ASSERT_TRUE(value.ok()) << value.error().to_string();
}

TEST(Edn, ReaderReadsSuccessiveFormsAndRecordsElementStarts) {
  EdnReader reader("; header\n[{:a 1}\n {:b 2}, {:c 3}]\n{:d 4}\n", "h.edn");
  std::vector<EdnPosition> starts;
  ASSERT_FALSE(*reader.at_end());
  EXPECT_EQ(reader.position().line, 2);
  Parsed<Json> first = reader.read(&starts);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  ASSERT_EQ(starts.size(), 3u);
  EXPECT_EQ(starts[0].line, 2);
  EXPECT_EQ(starts[0].column, 2);
  EXPECT_EQ(starts[1].line, 3);
  EXPECT_EQ(starts[1].column, 2);
  EXPECT_EQ(starts[2].line, 3);
  EXPECT_EQ(starts[2].column, 10);
  ASSERT_FALSE(*reader.at_end());
  EXPECT_EQ(reader.position().line, 4);
  Parsed<Json> second = reader.read();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)["d"], 4);
  EXPECT_TRUE(*reader.at_end());
}

TEST(Edn, PositionsCountFromTheGivenStart) {
  // As for a value field that starts at column 20 of line 7.
  Parsed<Json> value = parse_edn("[1 \n 2", "h.log", EdnPosition{7, 20});
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().to_string(),
            "h.log:8:3: expected ']' to close the vector opened at 7:20, found end of input");
}

}  // namespace
}  // namespace faultline
