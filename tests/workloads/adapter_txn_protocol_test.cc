// Transactions in the adapter protocol: the request carries the micro-ops,
// an ok answer must give them back with the reads filled in, and every other
// shape is refused with the reason.
#include <gtest/gtest.h>

#include "workloads/adapter_protocol.h"

namespace faultline {
namespace {

Op txn(const char* micro_ops) {
  Op out;
  out.type = OpType::kInvoke;
  out.f = "txn";
  out.value = Json::parse(micro_ops);
  out.process = 3;
  return out;
}

const Op kAppend = txn(R"([["append","x",1],["r","x",null]])");

std::string problem(const Op& invocation, const std::string& line) {
  auto completion = parse_adapter_completion(invocation, line);
  return completion ? "no problem" : completion.error();
}

TEST(AdapterTxnProtocol, TheRequestCarriesTheMicroOpsAndNoKey) {
  EXPECT_EQ(
      adapter_request_line(kAppend, 100),
      R"({"f":"txn","key":null,"process":3,"timeout_ms":100,"value":[["append","x",1],["r","x",null]]})"
      "\n");
}

TEST(AdapterTxnProtocol, AnOkTxnCompletesWithItsFilledReads) {
  auto ok = parse_adapter_completion(kAppend,
                                     R"({"type":"ok","value":[["append","x",1],["r","x",[1]]]})");
  ASSERT_TRUE(ok) << ok.error();
  EXPECT_EQ(ok->type, OpType::kOk);
  EXPECT_EQ(ok->value, Json::parse(R"([["append","x",1],["r","x",[1]]])"));
  auto absent =
      parse_adapter_completion(txn(R"([["r","y",null],["append","x",1]])"),
                               R"({"type":"ok","value":[["r","y",null],["append","x",1]]})");
  EXPECT_TRUE(absent) << "null: the key is absent";
  auto fail =
      parse_adapter_completion(kAppend, R"({"type":"fail","error":"serialization failure"})");
  ASSERT_TRUE(fail);
  EXPECT_EQ(fail->type, OpType::kFail);
  EXPECT_EQ(fail->error, "serialization failure");
  auto info = parse_adapter_completion(kAppend, R"({"type":"info","error":"timeout"})");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->type, OpType::kInfo);
  auto registers = parse_adapter_completion(txn(R"([["w","x",2],["r","y",null]])"),
                                            R"({"type":"ok","value":[["w","x",2],["r","y",7]]})");
  EXPECT_TRUE(registers);
}

TEST(AdapterTxnProtocol, AnswersOfTheWrongShapeSayWhatIsWrong) {
  EXPECT_EQ(problem(kAppend, R"({"type":"ok"})"), "an ok txn answers its micro-ops, not null");
  EXPECT_EQ(problem(kAppend, R"({"type":"ok","value":[["append","x",1]]})"),
            "an ok txn answers its 2 micro-ops, not 1");
  EXPECT_EQ(problem(kAppend, R"({"type":"ok","value":[["append","x",1],["r","x",3]]})"),
            "micro-op 2 read 3 of a list-append key: a read answers the whole list, e.g. [1,2,3]");
  EXPECT_EQ(
      problem(kAppend, R"({"type":"ok","value":[["append","x",1],["r","y",[1]]]})"),
      R"(micro-op 2 is ["r","y",[1]], but the request's was ["r","x",null] (same f and key, in the same order))");
  EXPECT_EQ(problem(kAppend, R"({"type":"ok","value":[["append","x",2],["r","x",[2]]]})"),
            R"(micro-op 1 changed the value it appends: ["append","x",2])");
  EXPECT_EQ(problem(kAppend, R"({"type":"ok","value":[["append","x",1],"r"]})"),
            R"(micro-op 2 is not [f, key, value]: "r")");
  EXPECT_EQ(problem(txn(R"([["w","x",2],["r","y",null]])"),
                    R"({"type":"ok","value":[["w","x",2],["r","y",[7]]]})"),
            "micro-op 2 read [7] of a register: a read answers one value or null");
}

}  // namespace
}  // namespace faultline
