// The fast reader of simple op lines (op_line_fast.h) gives exactly the op,
// or the field problem, that the full JSON reader gives, and declines every
// line outside its shape, which the full reader then takes.
#include "harness/history/op_line_fast.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/history/history_reader.h"
#include "harness/history/op_json.h"

namespace faultline {
namespace {

const SourceLocation kWhere{"h.jsonl", 7, 1};

// What the full reader makes of a line that parses as JSON.
Parsed<Op> full_read(const std::string& line) {
  return op_from_json(Json::parse(line), kWhere, OpDialect::kFaultline);
}

void expect_same_as_full(const std::string& line) {
  SCOPED_TRACE(line);
  std::optional<Parsed<Op>> fast = read_simple_op_line(line, kWhere);
  ASSERT_TRUE(fast.has_value()) << "declined";
  Parsed<Op> full = full_read(line);
  ASSERT_EQ(fast->ok(), full.ok());
  if (!full.ok()) {
    EXPECT_EQ(fast->error().to_string(), full.error().to_string());
    return;
  }
  const Op& a = **fast;
  const Op& b = *full;
  EXPECT_EQ(op_to_jsonl(a), op_to_jsonl(b));
  EXPECT_EQ(a.source_line, b.source_line);
  // The same JSON types too (unsigned vs signed), which checkers may ask for.
  EXPECT_EQ(a.value.type(), b.value.type());
  EXPECT_EQ(a.error.type(), b.error.type());
  if (a.value.is_array() && b.value.is_array() && a.value.size() == b.value.size()) {
    for (size_t i = 0; i < a.value.size(); ++i) EXPECT_EQ(a.value[i].type(), b.value[i].type());
  }
}

TEST(OpLineFast, LinesAsFaultlineWritesThemReadAsTheFullReaderReadsThem) {
  for (
      const std::string line : {
          R"({"index":0,"process":2,"type":"invoke","f":"write","key":"k0","value":1,"time":358412,"node":"n3"})",
          R"({"index":3002,"process":8,"type":"fail","f":"cas","key":"k5","value":[57,60],"time":9823934573,"node":"n3","error":"precondition failed"})",
          R"({"index":2,"process":0,"type":"ok","f":"read","key":"k0","value":null,"time":5440696,"node":"n1"})",
          R"({"index":6,"process":"nemesis","type":"info","f":"stop-partition","value":null,"time":9})",
          R"({"process":0,"type":"invoke","f":"add","value":-5})",
          R"({"process":0,"type":"ok","f":"read","value":[1,-2,true,false,null,"x"]})",
          R"(  { "process" : 1 , "type":"invoke" ,"f":"w", "value": [ ] , "extra": "ignored" }  )",
          R"({"process":1,"type":"invoke","f":"w","key":12,"value":0})",
          R"({"process":1,"type":"invoke","f":"w","time":null,"node":null,"index":null})",
          R"({"process":1,"process":4,"type":"invoke","f":"w"})",  // the later one wins
          R"({"process":1,"type":"invoke","f":"w","key":"a","key":null,"value":"text","x":"y"})",
          R"({"process":1,"type":"invoke","f":"w","key":null,"key":"b","error":"e","node":"n2"})",
          R"({"process":"someone","type":"invoke","f":"w"})",
          // Field problems: the builder's own words, from the same field.
          R"({"process":0,"type":"start","f":"write"})",
          R"({"process":0,"type":"invoke","f":7})",
          R"({"process":-7,"type":"invoke","f":"x","index":-3})",
          R"({"process":0,"type":"invoke","f":"x","time":"soon"})",
          R"({"process":0,"type":"invoke","f":"x","key":true})",
          R"({"type":"invoke","f":"x"})",
          R"({})",
      }) {
    expect_same_as_full(line);
  }
}

TEST(OpLineFast, DeclinesWhatOnlyTheFullReaderReads) {
  for (const std::string line : {
           R"({"process":0,"type":"invoke","f":"w\u00e9"})",           // an escape
           "{\"process\":0,\"type\":\"invoke\",\"f\":\"w\xc3\xa9\"}",  // UTF-8
           R"({"process":0,"type":"invoke","f":"w","value":1.5})",     // a fraction
           R"({"process":0,"type":"invoke","f":"w","value":1e3})",     // an exponent
           R"({"process":0,"type":"invoke","f":"w","value":-0})",
           R"({"process":0,"type":"invoke","f":"w","value":0123})",
           R"({"process":0,"type":"invoke","f":"w","value":12345678901234567890})",
           R"({"process":0,"type":"invoke","f":"w","value":{"a":1}})",  // an object
           R"({"process":0,"type":"invoke","f":"w","value":[[1]]})",    // nesting
           R"({"process":0,"type":"invoke","f":"w",})",                 // syntax errors
           R"({"process":0,"type":"invoke","f":"w"} x)",
           R"({"process":0,"type":"invoke","f":"w")",
           R"({"process":0 "type":"invoke"})",
           R"([1,2])",
           R"({"process":nul,"type":"invoke","f":"w"})",
       }) {
    EXPECT_FALSE(read_simple_op_line(line, kWhere).has_value()) << line;
  }
}

// A whole file mixing both kinds of line reads as before, errors included.
TEST(OpLineFast, AHistoryMixingBothShapesKeepsItsOpsAndErrors) {
  const std::string text =
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"w\",\"value\":{\"a\":[1,2]}}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"w\",\"value\":1.5}\n"
      "{\"process\":1,\"type\":\"invoke\",\"f\":\"r\"}\n";
  Parsed<History> history = read_history_text(text, "h.jsonl", HistoryFormat::kJsonl);
  ASSERT_TRUE(history.ok()) << history.error().to_string();
  ASSERT_EQ(history->ops.size(), 3u);
  EXPECT_EQ(history->ops[0].value, Json::parse(R"({"a":[1,2]})"));
  EXPECT_EQ(history->ops[1].value, Json(1.5));
  EXPECT_EQ(history->ops[2].index, 2);
  EXPECT_EQ(history->ops[2].source_line, 3);

  Parsed<History> bad = read_history_text(
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"w\"}\n{\"process\":0,\"type\":\"nope\",\"f\":"
      "\"w\"}\n",
      "h.jsonl", HistoryFormat::kJsonl);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().where.line, 2);
  EXPECT_EQ(bad.error().message,
            "field 'type' must be one of invoke, ok, fail, info, found \"nope\"");
}

}  // namespace
}  // namespace faultline
