// list-append txns in etcd's gateway, without etcd: the read step's request,
// what its answer says, the write step's compares and puts, and how each
// answer ends the txn.
#include "workloads/etcd_append.h"

#include <gtest/gtest.h>

#include "workloads/base64.h"

namespace faultline {
namespace {

Op txn(const char* micro_ops) {
  Op op;
  op.type = OpType::kInvoke;
  op.f = "txn";
  op.value = Json::parse(micro_ops);
  return op;
}

std::string b64(const std::string& text) { return base64_encode(text); }

Json kv(const std::string& value, int64_t mod_revision) {
  return {{"key", b64("k")}, {"value", b64(value)}, {"mod_revision", std::to_string(mod_revision)}};
}

const Op kTxn = txn(R"([["r",1,null],["append",2,5],["r",2,null],["append",1,7]])");

TEST(EtcdAppend, ReadStepRangesEachKeyOnceInOneTxn) {
  auto request = etcd_append_read(kTxn);
  ASSERT_TRUE(request) << request.error();
  EXPECT_EQ(request->path, "/v3/kv/txn");
  EXPECT_EQ(request->body, Json::parse(R"({"success":[{"request_range":{"key":")" + b64("1") +
                                       R"("}},{"request_range":{"key":")" + b64("2") + R"("}}]})"));
  EXPECT_TRUE(etcd_append_read(kTxn, true)->body["success"][0]["request_range"]["serializable"]);
  EXPECT_FALSE(etcd_append_read(txn(R"([["w",1,2]])")));
  EXPECT_FALSE(etcd_append_read(txn(R"("x")")));
}

TEST(EtcdAppend, PlanFillsReadsWithOwnAppendsAndComparesEveryKey) {
  const Json answer = {
      {"header", Json::object()},
      {"responses",
       {{{"response_range", {{"kvs", {kv("[1,2]", 17)}}}}}, {{"response_range", Json::object()}}}}};
  auto state = etcd_append_state(kTxn, 200, answer.dump());
  ASSERT_TRUE(state);
  EXPECT_EQ(state->mod_revisions.at("1"), 17);
  EXPECT_EQ(state->mod_revisions.at("2"), 0) << "absent";
  const EtcdAppendPlan plan = etcd_append_plan(kTxn, *state);
  EXPECT_EQ(plan.micro_ops,
            Json::parse(R"([["r",1,[1,2]],["append",2,5],["r",2,[5]],["append",1,7]])"));
  ASSERT_TRUE(plan.write);
  const Json& body = plan.write->body;
  ASSERT_EQ(body["compare"].size(), 2u);
  EXPECT_EQ(body["compare"][0]["target"], "MOD");
  EXPECT_EQ(body["compare"][0]["mod_revision"], "17");
  EXPECT_EQ(body["compare"][1]["mod_revision"], "0");
  ASSERT_EQ(body["success"].size(), 2u);
  EXPECT_EQ(body["success"][0]["request_put"]["value"], b64("[1,2,7]"));
  EXPECT_EQ(body["success"][1]["request_put"]["value"], b64("[5]"));
}

TEST(EtcdAppend, ReadOnlyTxnNeedsNoWrite) {
  const Op reads = txn(R"([["r","x",null]])");
  const Json answer = {{"header", Json::object()},
                       {"responses", {{{"response_range", Json::object()}}}}};
  const EtcdAppendPlan plan =
      etcd_append_plan(reads, *etcd_append_state(reads, 200, answer.dump()));
  EXPECT_FALSE(plan.write);
  EXPECT_EQ(plan.micro_ops, Json::parse(R"([["r","x",[]]])"));
}

TEST(EtcdAppend, TroubleReadingIsAFailNothingWasWritten) {
  const Op reads = txn(R"([["r","x",null]])");
  auto unavailable = etcd_append_state(reads, 503, R"({"message":"etcdserver: no leader"})");
  ASSERT_FALSE(unavailable);
  EXPECT_EQ(unavailable.error().type, OpType::kFail);
  EXPECT_EQ(unavailable.error().error,
            "reading the keys before the txn: etcd answered HTTP 503: etcdserver: no leader");
  const Json foreign = {{"header", Json::object()},
                        {"responses", {{{"response_range", {{"kvs", {kv("hello", 3)}}}}}}}};
  auto not_a_list = etcd_append_state(reads, 200, foreign.dump());
  ASSERT_FALSE(not_a_list);
  EXPECT_EQ(not_a_list.error().type, OpType::kFail);
  EXPECT_NE(
      not_a_list.error().error.get<std::string>().find("key x: a key holds hello, not a list"),
      std::string::npos)
      << not_a_list.error().error;
  EXPECT_FALSE(etcd_append_state(reads, 200, R"({"header":{},"responses":[]})"));
}

TEST(EtcdAppend, WriteStepEndsOkFailOrInfo) {
  const Json mops = Json::parse(R"([["append",1,2]])");
  const Completion ok =
      etcd_append_write_completion(mops, 200, R"({"header":{},"succeeded":true})");
  EXPECT_EQ(ok.type, OpType::kOk);
  EXPECT_EQ(ok.value, mops);
  const Completion compare = etcd_append_write_completion(mops, 200, R"({"header":{}})");
  EXPECT_EQ(compare.type, OpType::kFail) << "a failed compare wrote nothing";
  EXPECT_EQ(etcd_append_write_completion(mops, 503, "{}").type, OpType::kInfo);
  EXPECT_EQ(etcd_append_write_completion(mops, 408, "{}").type, OpType::kInfo);
  EXPECT_EQ(etcd_append_write_completion(mops, 400, R"({"message":"bad"})").type, OpType::kFail);
  EXPECT_EQ(etcd_append_write_completion(mops, 200, "not json").type, OpType::kInfo);
}

}  // namespace
}  // namespace faultline
