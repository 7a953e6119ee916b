#include "harness/history/pairing.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

Op make(int64_t process, OpType type, std::string f, int64_t line) {
  Op op;
  op.process = process;
  op.type = type;
  op.f = std::move(f);
  op.source_line = line;
  return op;
}

TEST(Pairing, InvocationPairsWithNextCompletionOfSameProcess) {
  History h;
  h.ops = {make(1, OpType::kInvoke, "read", 1), make(2, OpType::kInvoke, "write", 2),
           make(2, OpType::kOk, "write", 3), make(1, OpType::kFail, "read", 4)};
  std::vector<HistoryNote> notes;
  auto paired = pair_ops(h, &notes);
  ASSERT_EQ(paired.size(), 2u);
  EXPECT_EQ(paired[0].complete, 3u);
  EXPECT_EQ(paired[0].outcome, OpType::kFail);
  EXPECT_EQ(paired[1].complete, 2u);
  EXPECT_EQ(paired[1].outcome, OpType::kOk);
  EXPECT_TRUE(notes.empty());
}

TEST(Pairing, MissingCompletionIsIndeterminate) {
  History h;
  h.ops = {make(1, OpType::kInvoke, "write", 1)};
  auto paired = pair_ops(h, nullptr);
  ASSERT_EQ(paired.size(), 1u);
  EXPECT_FALSE(paired[0].has_completion());
  EXPECT_EQ(paired[0].outcome, OpType::kInfo);
}

TEST(Pairing, OrphanCompletionAndDoubleInvokeAreNotedWithTheirLines) {
  History h;
  h.source = "h.jsonl";
  h.ops = {make(3, OpType::kOk, "read", 1), make(1, OpType::kInvoke, "write", 2),
           make(1, OpType::kInvoke, "read", 3), make(1, OpType::kOk, "read", 4)};
  std::vector<HistoryNote> notes;
  auto paired = pair_ops(h, &notes);
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0].where.line, 1);
  EXPECT_NE(notes[0].message.find("completes nothing"), std::string::npos);
  EXPECT_EQ(notes[1].where.line, 3);
  EXPECT_NE(notes[1].message.find("indeterminate"), std::string::npos);
  ASSERT_EQ(paired.size(), 2u);
  EXPECT_EQ(paired[0].outcome, OpType::kInfo);
  EXPECT_EQ(paired[1].outcome, OpType::kOk);
}

TEST(Pairing, NemesisOpsAreLeftOut) {
  History h;
  h.ops = {make(kNemesisProcess, OpType::kInfo, "start-partition", 1)};
  std::vector<HistoryNote> notes;
  EXPECT_TRUE(pair_ops(h, &notes).empty());
  EXPECT_TRUE(notes.empty());
}

}  // namespace
}  // namespace faultline
