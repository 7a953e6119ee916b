// list-append and rw-register txns in etcd's gateway, without etcd: the read
// step's request, what its answer says, the write step's compares and puts,
// and how each answer ends the txn.
#include "workloads/etcd_txn.h"

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

constexpr EtcdWorkload kList = EtcdWorkload::kListAppend;
constexpr EtcdWorkload kRegister = EtcdWorkload::kRwRegister;

const Op kTxn = txn(R"([["r",1,null],["append",2,5],["r",2,null],["append",1,7]])");

TEST(EtcdTxn, ReadStepRangesEachKeyOnceInOneTxn) {
  auto request = etcd_txn_read(kTxn, kList);
  ASSERT_TRUE(request) << request.error();
  EXPECT_EQ(request->path, "/v3/kv/txn");
  EXPECT_EQ(request->body, Json::parse(R"({"success":[{"request_range":{"key":")" + b64("1") +
                                       R"("}},{"request_range":{"key":")" + b64("2") + R"("}}]})"));
  EXPECT_TRUE(
      etcd_txn_read(kTxn, kList, true)->body["success"][0]["request_range"]["serializable"]);
  EXPECT_FALSE(etcd_txn_read(txn(R"([["w",1,2]])"), kList));
  EXPECT_FALSE(etcd_txn_read(txn(R"("x")"), kList));
}

TEST(EtcdTxn, PlanFillsReadsWithOwnAppendsAndComparesEveryKey) {
  const Json answer = {
      {"header", Json::object()},
      {"responses",
       {{{"response_range", {{"kvs", {kv("[1,2]", 17)}}}}}, {{"response_range", Json::object()}}}}};
  auto state = etcd_txn_state(kTxn, kList, 200, answer.dump());
  ASSERT_TRUE(state);
  EXPECT_EQ(state->mod_revisions.at("1"), 17);
  EXPECT_EQ(state->mod_revisions.at("2"), 0) << "absent";
  const EtcdTxnPlan plan = etcd_txn_plan(kTxn, kList, *state);
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

TEST(EtcdTxn, ReadOnlyTxnNeedsNoWrite) {
  const Op reads = txn(R"([["r","x",null]])");
  const Json answer = {{"header", Json::object()},
                       {"responses", {{{"response_range", Json::object()}}}}};
  const EtcdTxnPlan plan =
      etcd_txn_plan(reads, kList, *etcd_txn_state(reads, kList, 200, answer.dump()));
  EXPECT_FALSE(plan.write);
  EXPECT_EQ(plan.micro_ops, Json::parse(R"([["r","x",[]]])"));
}

TEST(EtcdTxn, TroubleReadingIsAFailNothingWasWritten) {
  const Op reads = txn(R"([["r","x",null]])");
  auto unavailable = etcd_txn_state(reads, kList, 503, R"({"message":"etcdserver: no leader"})");
  ASSERT_FALSE(unavailable);
  EXPECT_EQ(unavailable.error().type, OpType::kFail);
  EXPECT_EQ(unavailable.error().error,
            "reading the keys before the txn: etcd answered HTTP 503: etcdserver: no leader");
  const Json foreign = {{"header", Json::object()},
                        {"responses", {{{"response_range", {{"kvs", {kv("hello", 3)}}}}}}}};
  auto not_a_list = etcd_txn_state(reads, kList, 200, foreign.dump());
  ASSERT_FALSE(not_a_list);
  EXPECT_EQ(not_a_list.error().type, OpType::kFail);
  EXPECT_NE(
      not_a_list.error().error.get<std::string>().find("key x: a key holds hello, not a list"),
      std::string::npos)
      << not_a_list.error().error;
  EXPECT_FALSE(etcd_txn_state(reads, kList, 200, R"({"header":{},"responses":[]})"));
}

TEST(EtcdTxn, WriteStepEndsOkFailOrInfo) {
  const Json mops = Json::parse(R"([["append",1,2]])");
  const Completion ok = etcd_txn_write_completion(mops, 200, R"({"header":{},"succeeded":true})");
  EXPECT_EQ(ok.type, OpType::kOk);
  EXPECT_EQ(ok.value, mops);
  const Completion compare = etcd_txn_write_completion(mops, 200, R"({"header":{}})");
  EXPECT_EQ(compare.type, OpType::kFail) << "a failed compare wrote nothing";
  EXPECT_EQ(etcd_txn_write_completion(mops, 503, "{}").type, OpType::kInfo);
  EXPECT_EQ(etcd_txn_write_completion(mops, 408, "{}").type, OpType::kInfo);
  EXPECT_EQ(etcd_txn_write_completion(mops, 400, R"({"message":"bad"})").type, OpType::kFail);
  EXPECT_EQ(etcd_txn_write_completion(mops, 200, "not json").type, OpType::kInfo);
}

TEST(EtcdTxn, RegisterReadsSeeOwnWritesAndTheWriteComparesEveryKeyRead) {
  const Op t = txn(R"([["r","x",null],["r","y",null],["w","y",4],["r","y",null],["w","x",5]])");
  auto request = etcd_txn_read(t, kRegister);
  ASSERT_TRUE(request) << request.error();
  EXPECT_EQ(request->body["success"].size(), 2u) << "x and y, once each";
  const Json answer = {
      {"header", Json::object()},
      {"responses",
       {{{"response_range", {{"kvs", {kv("3", 9)}}}}}, {{"response_range", Json::object()}}}}};
  auto state = etcd_txn_state(t, kRegister, 200, answer.dump());
  ASSERT_TRUE(state);
  EXPECT_EQ(state->values.at("x"), 3);
  EXPECT_EQ(state->values.at("y"), nullptr) << "absent";
  const EtcdTxnPlan plan = etcd_txn_plan(t, kRegister, *state);
  EXPECT_EQ(plan.micro_ops,
            Json::parse(R"([["r","x",3],["r","y",null],["w","y",4],["r","y",4],["w","x",5]])"));
  ASSERT_TRUE(plan.write);
  const Json& body = plan.write->body;
  ASSERT_EQ(body["compare"].size(), 2u);
  EXPECT_EQ(body["compare"][0]["mod_revision"], "9");
  EXPECT_EQ(body["compare"][1]["mod_revision"], "0");
  ASSERT_EQ(body["success"].size(), 2u);
  EXPECT_EQ(body["success"][0]["request_put"]["key"], b64("x"));
  EXPECT_EQ(body["success"][0]["request_put"]["value"], b64("5"));
  EXPECT_EQ(body["success"][1]["request_put"]["value"], b64("4"));
}

TEST(EtcdTxn, RegisterTxnRefusesAppendsAndForeignValues) {
  EXPECT_FALSE(etcd_txn_read(txn(R"([["append","x",1]])"), kRegister));
  const Op reads = txn(R"([["r","x",null]])");
  const Json foreign = {{"header", Json::object()},
                        {"responses", {{{"response_range", {{"kvs", {kv("[1,2]", 3)}}}}}}}};
  auto not_an_integer = etcd_txn_state(reads, kRegister, 200, foreign.dump());
  ASSERT_FALSE(not_an_integer);
  EXPECT_EQ(not_an_integer.error().type, OpType::kFail);
  EXPECT_NE(not_an_integer.error().error.get<std::string>().find("not an integer"),
            std::string::npos)
      << not_an_integer.error().error;
  const Json empty = {{"header", Json::object()},
                      {"responses", {{{"response_range", Json::object()}}}}};
  const EtcdTxnPlan plan =
      etcd_txn_plan(reads, kRegister, *etcd_txn_state(reads, kRegister, 200, empty.dump()));
  EXPECT_FALSE(plan.write) << "read only";
  EXPECT_EQ(plan.micro_ops, Json::parse(R"([["r","x",null]])"));
}

}  // namespace
}  // namespace faultline
