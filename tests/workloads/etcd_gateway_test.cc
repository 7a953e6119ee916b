// The etcd client's requests and how it reads answers, without an etcd. The
// answer bodies are what etcd 3.4.23's gateway sends.
#include "workloads/etcd_gateway.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

Op op(std::string f, Json value = nullptr, std::string key = "k1") {
  Op o;
  o.f = std::move(f);
  o.key = std::move(key);
  o.value = std::move(value);
  return o;
}

constexpr const char* kHeader =
    R"("header":{"cluster_id":"15118495548433857066","member_id":"13668033151171901709",)"
    R"("revision":"2","raft_term":"2"})";

std::string answer(const std::string& rest = "") {
  return "{" + std::string(kHeader) + (rest.empty() ? "" : "," + rest) + "}";
}

EtcdRequest request(const Op& invocation, EtcdRequestOptions options = {}) {
  auto made = etcd_request(invocation, options);
  EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error());
  return made.ok() ? *made : EtcdRequest{};
}

TEST(EtcdGateway, AReadIsALinearizableRangeOfTheBase64Key) {
  const EtcdRequest r = request(op("read"));
  EXPECT_EQ(r.path, "/v3/kv/range");
  EXPECT_EQ(r.body, Json::parse(R"({"key":"azE="})"));
}

TEST(EtcdGateway, ASerializableReadSaysSo) {
  const EtcdRequest r = request(op("read"), {.serializable = true});
  EXPECT_EQ(r.body, Json::parse(R"({"key":"azE=","serializable":true})"));
}

TEST(EtcdGateway, AWritePutsTheValueAsDecimalText) {
  const EtcdRequest r = request(op("write", 42));
  EXPECT_EQ(r.path, "/v3/kv/put");
  EXPECT_EQ(r.body, Json::parse(R"({"key":"azE=","value":"NDI="})"));  // "42"
}

TEST(EtcdGateway, ACasIsATxnComparingTheOldValueThenPuttingTheNew) {
  const EtcdRequest r = request(op("cas", Json::array({5, 6})));
  EXPECT_EQ(r.path, "/v3/kv/txn");
  EXPECT_EQ(r.body, Json::parse(R"({
    "compare": [{"key":"azE=","target":"VALUE","result":"EQUAL","value":"NQ=="}],
    "success": [{"request_put": {"key":"azE=","value":"Ng=="}}]})"));
}

TEST(EtcdGateway, OpsItCannotSendAreErrors) {
  Op keyless = op("read");
  keyless.key.reset();
  for (const Op& bad : {op("cas", 5), op("cas", Json::array({1})), op("append", 1), keyless}) {
    auto made = etcd_request(bad);
    ASSERT_FALSE(made.ok()) << bad.f;
    EXPECT_FALSE(made.error().empty());
  }
}

TEST(EtcdGateway, AReadReturnsTheStoredInteger) {
  const std::string body =
      answer(R"("kvs":[{"key":"azE=","create_revision":"2","mod_revision":"2","version":"1",)"
             R"("value":"NDI="}],"count":"1")");
  const Completion c = etcd_completion(op("read"), 200, body);
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, 42);
}

TEST(EtcdGateway, AReadOfAMissingKeyIsOkWithNull) {
  const Completion c = etcd_completion(op("read"), 200, answer());
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_TRUE(c.value.is_null());
}

TEST(EtcdGateway, AForeignValueReadsAsItsText) {
  const std::string body = answer(R"("kvs":[{"key":"azE=","value":"aGk="}],"count":"1")");
  EXPECT_EQ(etcd_completion(op("read"), 200, body).value, "hi");
  EXPECT_EQ(etcd_value_from_text("-7"), -7);
  EXPECT_EQ(etcd_value_from_text("7x"), "7x");
  EXPECT_EQ(etcd_value_from_text(""), "");
  // A foreign binary value reads as text the checkers can compare, bytes shown.
  EXPECT_EQ(etcd_value_from_text("a\xff"), "a\\xff");
}

TEST(EtcdGateway, AWriteAnsweredIsOk) {
  const Completion c = etcd_completion(op("write", 3), 200, answer());
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, 3);
}

TEST(EtcdGateway, ACasThatRanIsOkAndOneWhoseCompareFailedIsFail) {
  const Op cas = op("cas", Json::array({5, 6}));
  const Completion ran = etcd_completion(
      cas, 200, answer(R"("succeeded":true,"responses":[{"response_put":{"header":{}}}])"));
  EXPECT_EQ(ran.type, OpType::kOk);
  EXPECT_EQ(ran.value, Json::array({5, 6}));
  // etcd leaves "succeeded" out when it is false.
  for (const std::string& body : {answer(), answer(R"("succeeded":false)")}) {
    const Completion refused = etcd_completion(cas, 200, body);
    EXPECT_EQ(refused.type, OpType::kFail) << body;
    EXPECT_EQ(refused.error, "precondition failed");
  }
}

TEST(EtcdGateway, AnUnreadableAnswerIsInfoForAWriteAndFailForARead) {
  for (const char* body : {"{\"header\":", "<html>bad gateway</html>", "[]", "{}"}) {
    const Completion write = etcd_completion(op("write", 1), 200, body);
    EXPECT_EQ(write.type, OpType::kInfo) << body;
    EXPECT_NE(write.error.get<std::string>().find("not a response"), std::string::npos)
        << write.error;
    EXPECT_EQ(etcd_completion(op("cas", Json::array({1, 2})), 200, body).type, OpType::kInfo);
    EXPECT_EQ(etcd_completion(op("read"), 200, body).type, OpType::kFail) << body;
  }
  const Completion bad_value =
      etcd_completion(op("read"), 200, answer(R"("kvs":[{"key":"azE=","value":"!!"}])"));
  EXPECT_EQ(bad_value.type, OpType::kFail);
  EXPECT_EQ(
      etcd_completion(op("cas", Json::array({1, 2})), 200, answer(R"("succeeded":"yes")")).type,
      OpType::kInfo);
}

TEST(EtcdGateway, ServerErrorsAreInfoExceptForReads) {
  const std::string body =
      R"({"error":"etcdserver: request timed out","message":"etcdserver: request timed out","code":14})";
  for (int status : {500, 503, 504, 408}) {
    const Completion write = etcd_completion(op("write", 1), status, body);
    EXPECT_EQ(write.type, OpType::kInfo) << status;
    EXPECT_EQ(write.error,
              "etcd answered HTTP " + std::to_string(status) + ": etcdserver: request timed out");
    EXPECT_EQ(etcd_completion(op("read"), status, body).type, OpType::kFail) << status;
  }
}

TEST(EtcdGateway, RequestsEtcdRefusedAreFail) {
  const std::string body =
      R"({"error":"etcdserver: key is not provided","message":"etcdserver: key is not provided","code":3})";
  const Completion c = etcd_completion(op("write", 1), 400, body);
  EXPECT_EQ(c.type, OpType::kFail);
  EXPECT_EQ(c.error, "etcd answered HTTP 400: etcdserver: key is not provided");
}

TEST(EtcdGateway, NoAnswerIsInfoForAWriteFailForAReadAndFailWhenNeverSent) {
  EXPECT_EQ(etcd_unanswered(op("write", 1), "read timeout", true).type, OpType::kInfo);
  EXPECT_EQ(etcd_unanswered(op("cas", Json::array({1, 2})), "read timeout", true).type,
            OpType::kInfo);
  EXPECT_EQ(etcd_unanswered(op("read"), "read timeout", true).type, OpType::kFail);
  const Completion refused = etcd_unanswered(op("write", 1), "connection refused", false);
  EXPECT_EQ(refused.type, OpType::kFail);
  EXPECT_EQ(refused.error, "connection refused");
}

}  // namespace
}  // namespace faultline
