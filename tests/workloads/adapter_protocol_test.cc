// The adapter protocol's lines: requests as adapters read them, and which
// answers are completions.
#include "workloads/adapter_protocol.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

Op op(const std::string& f, Json value) {
  Op out;
  out.f = f;
  out.key = "k1";
  out.value = std::move(value);
  out.process = 12;
  return out;
}

TEST(AdapterProtocol, ARequestIsOneLineWithEveryField) {
  EXPECT_EQ(adapter_request_line(op("cas", Json::array({1, 2})), 250),
            "{\"f\":\"cas\",\"key\":\"k1\",\"process\":12,\"timeout_ms\":250,\"value\":[1,2]}\n");
  Op keyless = op("write", "two\nlines");
  keyless.key.reset();
  EXPECT_EQ(adapter_request_line(keyless, -5),
            "{\"f\":\"write\",\"key\":null,\"process\":12,\"timeout_ms\":0,\"value\":"
            "\"two\\nlines\"}\n")
      << "a newline in a value is escaped; a deadline already past is 0 ms left";
}

TEST(AdapterProtocol, CompletionsAreReadWithTheirValueAndError) {
  struct Case {
    Op invocation;
    std::string line;
    Completion expected;
  };
  const Case cases[] = {
      {op("read", nullptr), R"({"type":"ok","value":3})", Completion::ok(3)},
      {op("read", nullptr), R"({"type":"ok"})", Completion::ok(nullptr)},
      {op("write", 4), R"({"type":"ok"})", Completion::ok(4)},
      {op("write", 4), R"({"type":"ok","value":null})", Completion::ok(4)},
      {op("cas", Json::array({1, 2})), R"({"type":"fail","error":"precondition failed"})",
       Completion::fail("precondition failed")},
      {op("write", 4), R"( {"type":"info","error":{"code":14},"extra":1} )",
       Completion::info(Json{{"code", 14}})},
  };
  for (const Case& c : cases) {
    auto got = parse_adapter_completion(c.invocation, c.line);
    ASSERT_TRUE(got) << c.line << ": " << got.error();
    EXPECT_EQ(got->type, c.expected.type) << c.line;
    EXPECT_EQ(got->value, c.expected.value) << c.line;
    EXPECT_EQ(got->error, c.expected.error) << c.line;
  }
}

TEST(AdapterProtocol, ANodeNamesWhereTheOpRanAndOtherFieldsAreNamed) {
  std::vector<std::string> unknown;
  auto served = parse_adapter_completion(op("read", nullptr),
                                         R"({"type":"ok","value":3,"node":"n3","lag":1,"x":2})",
                                         &unknown);
  ASSERT_TRUE(served) << served.error();
  EXPECT_EQ(served->node, "n3");
  EXPECT_EQ(unknown, (std::vector<std::string>{"lag", "x"}));
  auto unnamed = parse_adapter_completion(op("read", nullptr), R"({"type":"ok","value":3})");
  ASSERT_TRUE(unnamed);
  EXPECT_EQ(unnamed->node, "") << "the worker's own node is recorded";
  for (const char* bad : {R"({"type":"ok","node":3})", R"({"type":"ok","node":""})"}) {
    auto refused = parse_adapter_completion(op("read", nullptr), bad);
    ASSERT_FALSE(refused) << bad;
    EXPECT_NE(refused.error().find("its \"node\" is"), std::string::npos) << refused.error();
  }
}

TEST(AdapterProtocol, LinesThatAreNotCompletionsSayWhy) {
  const std::pair<std::string, std::string> cases[] = {
      {"ok", "it is not JSON"},
      {"", "it is not JSON"},
      {"[1]", "it is not a JSON object"},
      {R"({"value":1})", "it has no \"type\" (ok, fail or info)"},
      {R"({"type":"invoke"})", "its \"type\" is \"invoke\", not ok, fail or info"},
      {R"({"type":1})", "its \"type\" is 1, not ok, fail or info"},
  };
  for (const auto& [line, why] : cases) {
    auto got = parse_adapter_completion(op("read", nullptr), line);
    ASSERT_FALSE(got) << line;
    EXPECT_EQ(got.error(), why) << line;
  }
}

TEST(AdapterProtocol, TruncatedKeepsShortTextAndSaysHowLongTheRestWas) {
  EXPECT_EQ(truncated("short", 10), "short");
  EXPECT_EQ(truncated(std::string(12, 'x'), 10), "xxxxxxxxxx... (12 bytes)");
}

}  // namespace
}  // namespace faultline
