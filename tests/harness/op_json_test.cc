#include "harness/history/op_json.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/append_op.h"

namespace faultline {
namespace {

using testing::make_op;

void expect_same_op(const Op& actual, const Op& expected) {
  EXPECT_EQ(actual.index, expected.index);
  EXPECT_EQ(actual.process, expected.process);
  EXPECT_EQ(actual.type, expected.type);
  EXPECT_EQ(actual.f, expected.f);
  EXPECT_EQ(actual.key, expected.key);
  EXPECT_EQ(actual.value, expected.value);
  EXPECT_EQ(actual.time_ns, expected.time_ns);
  EXPECT_EQ(actual.node, expected.node);
  EXPECT_EQ(actual.error, expected.error);
}

std::vector<Op> sample_ops() {
  std::vector<Op> ops;
  ops.push_back(make_op(0, 1, OpType::kInvoke, "read", nullptr));
  Op full = make_op(7, 3, OpType::kOk, "cas", Json::array({1, 4}));
  full.key = "x";
  full.time_ns = 1234567890123;
  full.node = "n1";
  ops.push_back(full);
  Op nemesis = make_op(2, kNemesisProcess, OpType::kInfo, "start", "partition \"majority\"");
  nemesis.time_ns = 0;
  ops.push_back(nemesis);
  Op failed =
      make_op(-1, 0, OpType::kFail, "txn", Json::parse(R"([["read","x",null],["write","y",2.5]])"));
  failed.error = Json::parse(R"(["not-found", {"detail": "lease \u00e9 gone\n"}])");
  ops.push_back(failed);
  ops.push_back(make_op(9, 12, OpType::kInfo, "write", Json::parse(R"({"k": [true, false]})")));
  return ops;
}

TEST(OpJson, JsonRoundTripIsLossless) {
  for (const Op& op : sample_ops()) {
    SCOPED_TRACE(op_to_jsonl(op));
    Parsed<Op> back = op_from_json(op_to_json(op), SourceLocation{"h.jsonl", 4, 1});
    ASSERT_TRUE(back.ok()) << back.error().to_string();
    expect_same_op(*back, op);
    EXPECT_EQ(back->source_line, 4);
  }
}

TEST(OpJson, JsonLineRoundTripIsLossless) {
  for (const Op& op : sample_ops()) {
    const std::string line = op_to_jsonl(op);
    SCOPED_TRACE(line);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(Json::parse(line), op_to_json(op));
    Parsed<Op> back = op_from_json(Json::parse(line), SourceLocation{});
    ASSERT_TRUE(back.ok()) << back.error().to_string();
    expect_same_op(*back, op);
  }
}

TEST(OpJson, JsonLinePutsFieldsInDocumentedOrderAndOmitsAbsentOnes) {
  std::vector<Op> ops = sample_ops();
  EXPECT_EQ(op_to_jsonl(ops[0]),
            R"({"index":0,"process":1,"type":"invoke","f":"read","value":null})");
  EXPECT_EQ(op_to_jsonl(ops[1]),
            R"({"index":7,"process":3,"type":"ok","f":"cas","key":"x","value":[1,4],)"
            R"("time":1234567890123,"node":"n1"})");
  EXPECT_EQ(op_to_jsonl(ops[2]), R"({"index":2,"process":"nemesis","type":"info","f":"start",)"
                                 R"("value":"partition \"majority\"","time":0})");
}

TEST(OpJson, AbsentFieldsAreLeftOutOfTheObject) {
  const Json json = op_to_json(sample_ops()[0]);
  for (const char* field : {"key", "time", "node", "error"}) EXPECT_FALSE(json.contains(field));
  EXPECT_TRUE(json.contains("value"));
  EXPECT_EQ(json["process"], 1);
  EXPECT_EQ(op_to_json(sample_ops()[2])["process"], "nemesis");
}

TEST(OpJson, JsonLineReplacesInvalidUtf8InsteadOfThrowing) {
  Op op = make_op(0, 1, OpType::kOk, "read\xff", std::string("v\xc3"));
  op.node = "n\xfe";
  op.key = "k\x80";
  std::string line;
  ASSERT_NO_THROW(line = op_to_jsonl(op));
  const Json json = Json::parse(line);  // valid UTF-8 now
  EXPECT_EQ(json["f"], "read\xef\xbf\xbd");
  EXPECT_EQ(json["value"], "v\xef\xbf\xbd");
}

TEST(OpJson, JsonLineEscapesControlCharacters) {
  Op op = make_op(0, 1, OpType::kOk, "tab\there", "line\nbreak");
  const std::string line = op_to_jsonl(op);
  EXPECT_NE(line.find(R"("f":"tab\there")"), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(OpJson, MissingOptionalFieldsTakeTheirDefaults) {
  Parsed<Op> op = op_from_json(Json::parse(R"({"process":2,"type":"ok","f":"read"})"),
                               SourceLocation{"h", 9, 1});
  ASSERT_TRUE(op.ok()) << op.error().to_string();
  EXPECT_EQ(op->index, -1);
  EXPECT_EQ(op->time_ns, -1);
  EXPECT_TRUE(op->value.is_null());
  EXPECT_TRUE(op->error.is_null());
  EXPECT_FALSE(op->key.has_value());
  EXPECT_TRUE(op->node.empty());
  EXPECT_EQ(op->source_line, 9);
}

TEST(OpJson, UnknownFieldsAreIgnoredAndIntegerKeysBecomeText) {
  Parsed<Op> op =
      op_from_json(Json::parse(R"({"process":2,"type":"ok","f":"read","key":17,"extra":{"a":1}})"),
                   SourceLocation{});
  ASSERT_TRUE(op.ok()) << op.error().to_string();
  EXPECT_EQ(op->key, "17");
}

struct BadOpCase {
  const char* json;
  const char* message;
};

TEST(OpJson, RejectsBadFieldsWithClearMessages) {
  const BadOpCase cases[] = {
      {R"({"process":1,"type":"done","f":"read"})",
       R"(field 'type' must be one of invoke, ok, fail, info, found "done")"},
      {R"({"process":1,"type":3,"f":"read"})",
       "field 'type' must be one of invoke, ok, fail, info, found 3"},
      {R"({"process":1,"type":"ok"})", "missing field 'f'"},
      {R"({"type":"ok","f":"read"})", "missing field 'process'"},
      {R"({"process":1,"f":"read"})", "missing field 'type'"},
      {R"({"process":"client","type":"ok","f":"read"})",
       R"(field 'process' must be an integer or "nemesis", found "client")"},
      {R"({"process":1.5,"type":"ok","f":"read"})",
       R"(field 'process' must be an integer or "nemesis", found 1.5)"},
      {R"({"process":1,"type":"ok","f":7})", "field 'f' must be a string, found 7"},
      {R"({"process":1,"type":"ok","f":"r","time":"soon"})",
       R"(field 'time' must be an integer (nanoseconds), found "soon")"},
      {R"({"process":1,"type":"ok","f":"r","time":18446744073709551615})",
       "field 'time' must be an integer (nanoseconds), found 18446744073709551615"},
      {R"({"process":1,"type":"ok","f":"r","index":-5})",
       "field 'index' must be a non-negative integer, found -5"},
      {R"({"process":1,"type":"ok","f":"r","node":["n1"]})",
       R"(field 'node' must be a string, found ["n1"])"},
      {R"({"process":1,"type":"ok","f":"r","key":[1]})",
       "field 'key' must be a string or an integer, found [1]"},
      {R"([1,2])", "expected an op object, found array"},
  };
  for (const BadOpCase& c : cases) {
    SCOPED_TRACE(c.json);
    Parsed<Op> op = op_from_json(Json::parse(c.json), SourceLocation{"h.jsonl", 3, 1});
    ASSERT_FALSE(op.ok());
    EXPECT_EQ(op.error().message, c.message);
    EXPECT_EQ(op.error().where.line, 3);
    EXPECT_EQ(op.error().where.file, "h.jsonl");
  }
}

TEST(OpJson, JepsenDialectTakesAnyKeywordProcessAsANamedActor) {
  const Json json = Json::parse(R"({"process":"nemesis","type":"info","f":"start"})");
  for (const char* process : {"nemesis", "clock"}) {
    Json copy = json;
    copy["process"] = process;
    Parsed<Op> op = op_from_json(std::move(copy), SourceLocation{}, OpDialect::kJepsenEdn);
    ASSERT_TRUE(op.ok()) << op.error().to_string();
    EXPECT_EQ(op->process, kNemesisProcess);
  }
  Parsed<Op> bad = op_from_json(Json::parse(R"({"process":null,"type":"info","f":"start"})"),
                                SourceLocation{}, OpDialect::kJepsenEdn);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "field :process must be an integer or a keyword such as :nemesis, found nil");
}

TEST(OpJson, BuilderReportsTheFirstProblemAndIgnoresLaterFields) {
  OpBuilder builder;
  EXPECT_TRUE(builder.set("process", 1));
  EXPECT_FALSE(builder.set("type", "later"));
  EXPECT_FALSE(builder.set("f", "read"));
  Parsed<Op> op = builder.finish(SourceLocation{"h", 2, 1});
  ASSERT_FALSE(op.ok());
  EXPECT_EQ(op.error().to_string(),
            R"(h:2:1: field 'type' must be one of invoke, ok, fail, info, found "later")");
}

}  // namespace
}  // namespace faultline
