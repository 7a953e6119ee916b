// A history checked from its compact table (op_table.h) keeps whole Ops only
// for the parts that are not valid: a valid key keeps its count and drops
// its ops, an invalid key keeps the ops its evidence names, exactly as the
// history holds them (so a 10M-op history is never held as Ops at once).
#include <gtest/gtest.h>

#include "checkers/linearizability.h"
#include "checkers/linearizability_json.h"
#include "tests/support/put_then_get.h"

namespace faultline {
namespace {

using testing::put_then_get;

TEST(TableParts, OnlyPartsThatAreNotValidKeepTheirOps) {
  History h;
  h.source = "h.jsonl";
  for (int i = 0; i < 4; ++i) put_then_get(h, "good", i, i);
  for (int i = 0; i < 3; ++i) put_then_get(h, "bad", i, i == 2 ? Json(7) : Json(i));
  LinearizabilityOptions options;
  options.all_keys = true;
  const OpTable table = to_op_table(h);
  const LinearizabilityResult r = check_linearizability(table, *make_model("kv"), options);
  ASSERT_EQ(r.verdict, Verdict::kInvalid);
  ASSERT_EQ(r.parts.size(), 2u);
  const PartResult& bad = r.parts[0].name == "bad" ? r.parts[0] : r.parts[1];
  const PartResult& good = r.parts[0].name == "good" ? r.parts[0] : r.parts[1];
  EXPECT_EQ(good.search.verdict, Verdict::kValid);
  EXPECT_TRUE(good.ops.empty()) << "a valid key's ops are not kept";
  EXPECT_EQ(good.op_count, 8u);
  ASSERT_EQ(bad.search.verdict, Verdict::kInvalid);
  EXPECT_EQ(bad.op_count, 6u);
  ASSERT_EQ(bad.ops.size(), 6u);
  const CheckOp& failed = bad.ops[bad.search.evidence.failed_op];
  const Op& in_history = h.ops[failed.call_position];
  EXPECT_EQ(failed.invoke->index, in_history.index);
  EXPECT_EQ(failed.invoke->node, in_history.node);
  EXPECT_EQ(failed.invoke->source_line, in_history.source_line);
  EXPECT_EQ(failed.value(), Json(7));
  // The JSON counts every part's ops, kept or not.
  const Json json = to_json(r);
  for (const Json& part : json["partitions"]) EXPECT_EQ(part["ops"], part["key"] == "good" ? 8 : 6);
}

}  // namespace
}  // namespace faultline
