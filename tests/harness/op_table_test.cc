// The compact history (op_table.h) gives back every op exactly as added:
// each kind of value (integer kinds included), keys, nodes, errors, indexes
// and lines that stop counting, processes past 32 bits; and a file read into
// a table is the file read as a History, op for op, note for note.
#include "harness/history/op_table.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/history/history_parts.h"
#include "harness/history/op_json.h"
#include "harness/history/pairing.h"
#include "tests/support/append_op.h"

namespace faultline {
namespace {

Op make_op(int64_t index, int64_t process, OpType type, std::string f, Json value) {
  Op op = testing::make_op(index, process, type, std::move(f), std::move(value));
  op.source_line = index + 1;
  op.time_ns = 1000 * index;
  return op;
}

// Equal as JSON text and in every integer's kind (signed or unsigned).
void expect_same_json(const Json& a, const Json& b) {
  EXPECT_EQ(a.dump(), b.dump());
  EXPECT_EQ(a.type(), b.type()) << a.dump();
  if (a.is_array() && b.is_array() && a.size() == b.size())
    for (size_t i = 0; i < a.size(); ++i) expect_same_json(a[i], b[i]);
}

void expect_same_op(const Op& a, const Op& b) {
  EXPECT_EQ(a.index, b.index);
  EXPECT_EQ(a.process, b.process);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.f, b.f);
  EXPECT_EQ(a.key, b.key);
  expect_same_json(a.value, b.value);
  EXPECT_EQ(a.time_ns, b.time_ns);
  EXPECT_EQ(a.node, b.node);
  expect_same_json(a.error, b.error);
  EXPECT_EQ(a.source_line, b.source_line);
}

TEST(OpTable, GivesBackEveryKindOfValueExactly) {
  const std::vector<Json> values = {
      Json(),
      Json(uint64_t{0}),
      Json(uint64_t{7}),
      Json(int64_t{7}),  // a signed integer that is not negative stays signed
      Json(int64_t{-3}),
      Json(uint64_t{1} << 62),  // too big to be inline
      Json(std::numeric_limits<int64_t>::min()),
      Json(std::numeric_limits<uint64_t>::max()),
      Json(1.5),
      Json("text"),
      Json(true),
      Json::array({uint64_t{1}, uint64_t{2}}),  // a cas's pair
      Json::array({int64_t{-1}, uint64_t{2}}),  // not a pair of unsigned
      Json::array({uint64_t{1}, uint64_t{2}, uint64_t{3}}),
      Json::array({uint64_t{1} << 62, uint64_t{2}}),
      Json::object({{"a", Json::array({1, "x"})}}),
      Json::array(),
  };
  History history;
  for (size_t i = 0; i < values.size(); ++i)
    history.ops.push_back(make_op(static_cast<int64_t>(i), 1, OpType::kInvoke, "write", values[i]));
  const OpTable table = to_op_table(history);
  ASSERT_EQ(table.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(values[i].dump());
    expect_same_op(table.op(i), history.ops[i]);
  }
}

TEST(OpTable, GivesBackKeysNodesErrorsProcessesIndexesAndLines) {
  History history;
  history.source = "h.jsonl";
  history.notes.push_back({{"h.jsonl", 3, 1}, "a note"});
  Op a = make_op(0, 0, OpType::kInvoke, "cas", Json::array({1, 2}));
  a.key = "k1";
  a.node = "n1";
  Op b = make_op(1, 0, OpType::kFail, "cas", Json::array({1, 2}));
  b.key = "k1";
  b.node = "n2";
  b.error = "precondition failed";
  Op c = make_op(5, int64_t{1} << 40, OpType::kInfo, "read", Json());  // index and line jump
  c.key = "";
  c.error = Json::object({{"errors", {"timeout", 3}}});
  c.time_ns = -1;
  Op d = make_op(6, kNemesisProcess, OpType::kInfo, "start-partition", Json::object());
  d.source_line = 40;
  d.error = "precondition failed";  // the same error text as b's, interned once
  Op e = make_op(7, 3, OpType::kOk, "read", uint64_t{9});
  for (Op* op : {&a, &b, &c, &d, &e}) history.ops.push_back(*op);

  const OpTable table = to_op_table(history);
  EXPECT_EQ(table.source, "h.jsonl");
  ASSERT_EQ(table.notes.size(), 1u);
  EXPECT_EQ(table.notes[0].message, "a note");
  ASSERT_EQ(table.size(), 5u);
  for (size_t i = 0; i < table.size(); ++i) expect_same_op(table.op(i), history.ops[i]);
  EXPECT_EQ(table.key_id(0), table.key_id(1));
  EXPECT_NE(table.key_id(0), table.key_id(2));  // "" is a key, not no key
  EXPECT_EQ(table.key_id(3), -1);
  EXPECT_EQ(table.key_count(), 2u);
  EXPECT_TRUE(table.has_error(1));
  EXPECT_FALSE(table.has_error(0));

  EXPECT_EQ(table.row_of_index(5), 2u);
  EXPECT_EQ(table.row_of_index(7), 4u);
  EXPECT_EQ(table.row_of_index(2), std::nullopt);
  EXPECT_EQ(table.row_of_index(-1), std::nullopt);
}

TEST(OpTable, FindsRowsOfCountingIndexes) {
  History history;
  for (int64_t i = 10; i < 20; ++i)
    history.ops.push_back(make_op(i, 1, OpType::kInvoke, "read", Json()));
  const OpTable table = to_op_table(history);
  EXPECT_EQ(table.row_of_index(10), 0u);
  EXPECT_EQ(table.row_of_index(19), 9u);
  EXPECT_EQ(table.row_of_index(20), std::nullopt);
  EXPECT_EQ(table.row_of_index(9), std::nullopt);
  EXPECT_EQ(table.op(9).source_line, 20);
}

TEST(OpTable, PairsItsRowsAsAHistoryPairsItsOps) {
  History history;
  history.source = "p.jsonl";
  history.ops = {make_op(0, 1, OpType::kInvoke, "read", Json()),
                 make_op(1, 2, OpType::kInvoke, "write", 3),
                 make_op(2, 1, OpType::kOk, "write", 3),           // f differs: a note
                 make_op(3, 9, OpType::kOk, "read", 1),            // completes nothing: a note
                 make_op(4, 2, OpType::kInvoke, "read", Json())};  // invoked while pending
  std::vector<HistoryNote> from_history, from_table;
  const std::vector<PairedOp> a = pair_ops(history, &from_history);
  const std::vector<PairedOp> b = pair_ops(to_op_table(history), &from_table);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].invoke, b[i].invoke);
    EXPECT_EQ(a[i].complete, b[i].complete);
    EXPECT_EQ(a[i].outcome, b[i].outcome);
  }
  ASSERT_EQ(from_history.size(), 3u);
  ASSERT_EQ(from_table.size(), from_history.size());
  for (size_t i = 0; i < from_history.size(); ++i) {
    EXPECT_EQ(from_table[i].message, from_history[i].message);
    EXPECT_EQ(from_table[i].where.line, from_history[i].where.line);
  }
}

TEST(OpTable, ReadFromAFileInPartsIsTheHistoryReadWhole) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("faultline-op-table-" + std::to_string(getpid()) + ".jsonl");
  {
    std::ofstream out(path);
    for (int i = 0; i < 300; ++i) {
      Op op = make_op(i, i % 7, i % 2 ? OpType::kOk : OpType::kInvoke, i % 3 ? "read" : "cas",
                      i % 3 ? Json(i) : Json::array({i, i + 1}));
      op.key = "k" + std::to_string(i / 20);
      op.node = "n" + std::to_string(i % 3);
      if (i % 11 == 0) op.error = "timeout";
      out << op_to_jsonl(op) << "\n";
      if (i == 150) out << "\n";  // a blank line: lines stop counting with the rows
    }
    out << "{\"process\":1,\"type\":\"ok\",\"f\":\"re";  // cut mid-write: a note
  }
  Parsed<History> history = read_jsonl_history_file(path.string(), 1000);
  Parsed<OpTable> table = read_jsonl_op_table(path.string(), 1000);
  std::filesystem::remove(path);
  ASSERT_TRUE(history) << history.error().to_string();
  ASSERT_TRUE(table) << table.error().to_string();
  ASSERT_EQ(table->size(), history->ops.size());
  for (size_t i = 0; i < table->size(); ++i) expect_same_op(table->op(i), history->ops[i]);
  ASSERT_EQ(table->notes.size(), history->notes.size());
  ASSERT_FALSE(table->notes.empty());
  EXPECT_EQ(table->notes.back().message, history->notes.back().message);
  EXPECT_EQ(table->source, path.string());
}

}  // namespace
}  // namespace faultline
