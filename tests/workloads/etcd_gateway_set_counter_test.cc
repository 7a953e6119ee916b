// The etcd client's set and counter requests and how it reads their answers,
// without an etcd. The answer bodies are shaped as etcd 3.4's gateway sends them.
#include <gtest/gtest.h>

#include "workloads/base64.h"
#include "workloads/etcd_gateway.h"

namespace faultline {
namespace {

Op op(std::string f, Json value = nullptr, std::string key = "k1") {
  Op o;
  o.f = std::move(f);
  o.key = std::move(key);
  o.value = std::move(value);
  return o;
}

std::string answer(const std::string& rest = "") {
  return R"({"header":{"revision":"9","raft_term":"2"})" + (rest.empty() ? "" : "," + rest) + "}";
}

Json kv(const std::string& key, const std::string& value, int64_t mod_revision = 3) {
  return {{"key", base64_encode(key)},
          {"value", base64_encode(value)},
          {"mod_revision", std::to_string(mod_revision)}};
}

std::string kvs(const Json& list) { return "\"kvs\":" + list.dump(); }

EtcdRequest request(const Op& invocation, EtcdWorkload workload, bool serializable = false) {
  auto made = etcd_request(invocation, {.serializable = serializable, .workload = workload});
  EXPECT_TRUE(made.ok()) << (made.ok() ? "" : made.error());
  return made.ok() ? *made : EtcdRequest{};
}

TEST(EtcdSetGateway, AnAddPutsTheElementUnderTheSetsPrefix) {
  const EtcdRequest r = request(op("add", 17), EtcdWorkload::kSet);
  EXPECT_EQ(r.path, "/v3/kv/put");
  EXPECT_EQ(r.body["key"], base64_encode("k1/17"));
  EXPECT_EQ(r.body["value"], base64_encode("17"));
}

TEST(EtcdSetGateway, AReadIsARangeOverThePrefix) {
  const EtcdRequest r = request(op("read"), EtcdWorkload::kSet, /*serializable=*/true);
  EXPECT_EQ(r.path, "/v3/kv/range");
  EXPECT_EQ(r.body["key"], base64_encode("k1/"));
  EXPECT_EQ(r.body["range_end"], base64_encode("k10")) << "'/' + 1 is '0'";
  EXPECT_EQ(r.body["serializable"], true);
}

TEST(EtcdSetGateway, AReadAnswersTheSortedElements) {
  const Json list = Json::array({kv("k1/1", "1"), kv("k1/10", "10"), kv("k1/2", "2")});
  const Completion c = etcd_completion(op("read"), 200, answer(kvs(list)), EtcdWorkload::kSet);
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, (Json{1, 2, 10}));
  const Completion empty = etcd_completion(op("read"), 200, answer(), EtcdWorkload::kSet);
  EXPECT_EQ(empty.value, Json::array());
}

TEST(EtcdSetGateway, ErrorsAreInfoForAnAddAndFailForARead) {
  EXPECT_EQ(etcd_completion(op("add", 1), 503, "{}", EtcdWorkload::kSet).type, OpType::kInfo);
  EXPECT_EQ(etcd_completion(op("read"), 503, "{}", EtcdWorkload::kSet).type, OpType::kFail);
  EXPECT_EQ(etcd_completion(op("add", 1), 400, "{}", EtcdWorkload::kSet).type, OpType::kFail);
  EXPECT_EQ(etcd_completion(op("read"), 200, answer("\"kvs\":5"), EtcdWorkload::kSet).type,
            OpType::kFail);
  EXPECT_EQ(etcd_unanswered(op("add", 1), "timeout", true).type, OpType::kInfo);
  EXPECT_EQ(etcd_unanswered(op("add", 1), "refused", false).type, OpType::kFail);
}

TEST(EtcdCounterGateway, AReadIsTheCounterAndZeroWhenAbsent) {
  EXPECT_EQ(request(op("read"), EtcdWorkload::kCounter).body, (Json{{"key", base64_encode("k1")}}));
  const Completion c = etcd_completion(op("read"), 200, answer(kvs(Json::array({kv("k1", "12")}))),
                                       EtcdWorkload::kCounter);
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(c.value, 12);
  EXPECT_EQ(etcd_completion(op("read"), 200, answer(), EtcdWorkload::kCounter).value, 0);
  const Completion foreign = etcd_completion(
      op("read"), 200, answer(kvs(Json::array({kv("k1", "x")}))), EtcdWorkload::kCounter);
  EXPECT_EQ(foreign.type, OpType::kFail) << "a read that cannot say a number saw nothing usable";
}

TEST(EtcdCounterGateway, AnAddStartsByReadingTheCounterThroughRaft) {
  const EtcdRequest r = request(op("add", 2), EtcdWorkload::kCounter, /*serializable=*/true);
  EXPECT_EQ(r.path, "/v3/kv/range");
  EXPECT_FALSE(r.body.contains("serializable"));
  EXPECT_FALSE(etcd_request(op("add", "two"), {.workload = EtcdWorkload::kCounter}).ok());
}

TEST(EtcdCounterGateway, TheStateReadIsTheValueAndModRevision) {
  auto state = etcd_counter_state(op("add", 2), 200, answer(kvs(Json::array({kv("k1", "5", 7)}))));
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->value, 5);
  EXPECT_EQ(state->mod_revision, 7);
  auto absent = etcd_counter_state(op("add", 2), 200, answer());
  ASSERT_TRUE(absent.ok());
  EXPECT_EQ(absent->value, 0);
  EXPECT_EQ(absent->mod_revision, 0);
}

TEST(EtcdCounterGateway, AnAddWhoseReadFailsIsAFailEvenOnServerErrors) {
  for (int status : {400, 408, 500, 503}) {
    auto state = etcd_counter_state(op("add", 2), status, R"({"message":"busy"})");
    ASSERT_FALSE(state.ok());
    EXPECT_EQ(state.error().type, OpType::kFail) << status;
    EXPECT_NE(state.error().error.get<std::string>().find("busy"), std::string::npos);
  }
}

TEST(EtcdCounterGateway, TheTxnComparesModRevisionAndPutsTheSum) {
  const EtcdRequest r = etcd_counter_txn("k1", {5, 7}, 3);
  EXPECT_EQ(r.path, "/v3/kv/txn");
  EXPECT_EQ(r.body, Json::parse(R"({
    "compare": [{"key":"azE=","target":"MOD","result":"EQUAL","mod_revision":"7"}],
    "success": [{"request_put": {"key":"azE=","value":"OA=="}}]})"));  // "8"
}

TEST(EtcdCounterGateway, TheTxnAnswerIsOkRetryOrInfo) {
  const Op add = op("add", 3);
  const auto ran = etcd_counter_txn_completion(add, 200, answer("\"succeeded\":true"));
  ASSERT_TRUE(ran);
  EXPECT_EQ(ran->type, OpType::kOk);
  EXPECT_EQ(ran->value, 3);
  EXPECT_FALSE(etcd_counter_txn_completion(add, 200, answer())) << "compare failed: retry";
  const auto lost = etcd_counter_txn_completion(add, 503, "{}");
  ASSERT_TRUE(lost);
  EXPECT_EQ(lost->type, OpType::kInfo);
  const auto refused = etcd_counter_txn_completion(add, 400, "{}");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->type, OpType::kFail);
}

TEST(EtcdGateway, WorkloadsByName) {
  EXPECT_EQ(etcd_workload_named("register"), EtcdWorkload::kRegister);
  EXPECT_EQ(etcd_workload_named("set"), EtcdWorkload::kSet);
  EXPECT_EQ(etcd_workload_named("counter"), EtcdWorkload::kCounter);
  EXPECT_FALSE(etcd_workload_named("queue"));
}

}  // namespace
}  // namespace faultline
