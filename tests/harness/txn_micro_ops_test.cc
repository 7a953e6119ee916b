// A txn's micro-ops read from an op's value, as JSON lines and Jepsen's EDN give it.
#include <gtest/gtest.h>

#include "harness/history/history_reader.h"
#include "harness/history/txn.h"

namespace faultline {
namespace {

std::optional<std::string> problem(const char* json) {
  std::vector<MicroOpView> mops;
  return read_micro_ops(Json::parse(json), &mops);
}

TEST(TxnMicroOps, ReadsAppendsReadsAndWritesWithTheirAliases) {
  const Json value =
      Json::parse(R"([["append","x",1],["r","x",[1]],["write",3,2],["read","y",null]])");
  std::vector<MicroOpView> mops;
  ASSERT_FALSE(read_micro_ops(value, &mops));
  ASSERT_EQ(mops.size(), 4u);
  EXPECT_EQ(mops[0].kind, MicroOpKind::kAppend);
  EXPECT_EQ(mops[2].kind, MicroOpKind::kWrite);
  EXPECT_EQ(mops[3].kind, MicroOpKind::kRead);
  EXPECT_EQ(micro_op_key_text(*mops[2].key), "3");
  EXPECT_EQ(*mops[1].value, Json::array({1}));
  EXPECT_TRUE(mops[3].value->is_null());
}

TEST(TxnMicroOps, EachMalformedMicroOpSaysWhichAndWhy) {
  EXPECT_EQ(problem(R"({"x":1})"), "a txn's value must be a list of [f key value] micro-ops");
  EXPECT_EQ(problem(R"([["append","x",1],["r","x"]])"),
            "micro-op 2: expected [f key value], found 2 elements");
  EXPECT_EQ(problem(R"([5])"), "micro-op 1: expected [f key value], found no list");
  EXPECT_EQ(problem(R"([["cas","x",1]])"), "micro-op 1: f must be append, r or w");
  EXPECT_EQ(problem(R"([["r",[1],1]])"), "micro-op 1: the key must be a string or an integer");
  EXPECT_EQ(problem(R"([["append","x",null]])"), "micro-op 1: append needs a value, found null");
}

TEST(TxnMicroOps, JepsenEdnTxnReadsAsTheSameMicroOps) {
  Parsed<History> h = read_history_text(
      "{:type :ok, :f :txn, :value [[:append 1 2] [:r 1 [1 2]] [:r 2 nil]], :process 0}\n", "h.edn",
      HistoryFormat::kEdn);
  ASSERT_TRUE(h) << h.error().to_string();
  std::vector<MicroOpView> mops;
  ASSERT_FALSE(read_micro_ops(h->ops[0].value, &mops));
  ASSERT_EQ(mops.size(), 3u);
  EXPECT_EQ(h->ops[0].f, kTxnFunction);
  EXPECT_EQ(micro_op_key_text(*mops[0].key), "1");
  EXPECT_EQ(*mops[0].value, 2);
  EXPECT_EQ(*mops[1].value, Json::array({1, 2}));
  EXPECT_TRUE(mops[2].value->is_null());
}

}  // namespace
}  // namespace faultline
