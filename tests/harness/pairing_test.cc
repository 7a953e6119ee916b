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

// Small process numbers are kept in a table, others in a map: both pair alike,
// also when the same small number is reused after its op completed.
TEST(Pairing, HugeAndNegativeProcessNumbersPairLikeSmallOnes) {
  const int64_t huge = int64_t{1} << 40;
  History h;
  h.ops = {make(huge, OpType::kInvoke, "read", 1), make(-7, OpType::kInvoke, "write", 2),
           make(5, OpType::kInvoke, "read", 3),    make(-7, OpType::kOk, "write", 4),
           make(huge, OpType::kInfo, "read", 5),   make(5, OpType::kOk, "read", 6),
           make(5, OpType::kInvoke, "write", 7),   make(huge, OpType::kOk, "read", 8)};
  std::vector<HistoryNote> notes;
  auto paired = pair_ops(h, &notes);
  ASSERT_EQ(paired.size(), 4u);
  EXPECT_EQ(paired[0].complete, 4u);
  EXPECT_EQ(paired[0].outcome, OpType::kInfo);
  EXPECT_EQ(paired[1].complete, 3u);
  EXPECT_EQ(paired[2].complete, 5u);
  EXPECT_FALSE(paired[3].has_completion()) << "process 5's second op never completed";
  ASSERT_EQ(notes.size(), 1u) << "the huge process's second completion completes nothing";
  EXPECT_EQ(notes[0].where.line, 8);
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
