#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "workloads/catalog.h"
#include "workloads/counter.h"
#include "workloads/set.h"

namespace faultline {
namespace {

TEST(SetWorkload, AddsCarryFreshElementsPerKey) {
  SetWorkload workload;
  Rng rng(1);
  std::set<Json> seen;
  for (int i = 0; i < 50; ++i) {
    const Op op = workload.make_op("add", "k", rng);
    EXPECT_EQ(op.f, "add");
    EXPECT_EQ(op.key, "k");
    EXPECT_EQ(op.type, OpType::kInvoke);
    EXPECT_TRUE(seen.insert(op.value).second) << "element " << op.value << " handed out twice";
  }
  EXPECT_EQ(workload.make_op("add", "other", rng).value, 1) << "each key counts on its own";
  EXPECT_EQ(workload.keys_with_state(), 2u);
  workload.retire_key("k");
  EXPECT_EQ(workload.keys_with_state(), 1u);
}

TEST(SetWorkload, ReadsCarryNoValueAndTheFinalOpIsARead) {
  SetWorkload workload;
  Rng rng(1);
  EXPECT_TRUE(workload.make_op("read", "k", rng).value.is_null());
  const std::vector<Op> finals = workload.final_ops("k");
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0].f, "read");
  EXPECT_EQ(finals[0].key, "k");
}

TEST(SetWorkload, MostlyAddsWithAFewReads) {
  double adds = 0, reads = 0;
  for (const WeightedF& entry : SetWorkload().default_mix()) {
    (entry.f == "add" ? adds : reads) += entry.weight;
  }
  EXPECT_GT(adds, 10 * reads);
  EXPECT_GT(reads, 0) << "keys that retire before the end need a read of their own";
}

TEST(CounterWorkload, AddsSmallPositiveIncrementsFromTheRng) {
  CounterWorkload workload({.max_increment = 3});
  Rng rng(5);
  std::set<int64_t> increments;
  for (int i = 0; i < 200; ++i) {
    const Op op = workload.make_op("add", "k", rng);
    EXPECT_EQ(op.f, "add");
    increments.insert(op.value.get<int64_t>());
  }
  EXPECT_EQ(increments, (std::set<int64_t>{1, 2, 3}));
  Rng a(9), b(9);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(workload.make_op("add", "k", a).value, workload.make_op("add", "k", b).value)
        << "the same seed gives the same ops";
  }
}

TEST(CounterWorkload, ReadsInTheMixAndAsTheFinalOp) {
  CounterWorkload workload;
  Rng rng(1);
  EXPECT_TRUE(workload.make_op("read", "k", rng).value.is_null());
  const std::vector<Op> finals = workload.final_ops("k");
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0].f, "read");
  std::set<std::string> fs;
  for (const WeightedF& entry : workload.default_mix()) fs.insert(entry.f);
  EXPECT_EQ(fs, (std::set<std::string>{"add", "read"}));
}

TEST(Catalog, KnowsEachWorkloadAndItsChecker) {
  EXPECT_EQ(workload_names(),
            (std::vector<std::string>{"register", "set", "counter", "list-append", "rw-register"}));
  for (const std::string& name : workload_names()) {
    const auto workload = make_workload(name);
    ASSERT_NE(workload, nullptr) << name;
    EXPECT_EQ(workload->name(), name);
    ASSERT_TRUE(checker_for(name)) << name;
    const std::vector<std::string> known = known_checkers();
    EXPECT_NE(std::find(known.begin(), known.end(), checker_for(name)->checker), known.end());
  }
  EXPECT_EQ(checker_for("set")->checker, "set");
  EXPECT_EQ(checker_for("counter")->checker, "counter");
  EXPECT_EQ(checker_for("register")->checker, "linearizability");
  EXPECT_EQ(make_workload("queue"), nullptr);
  EXPECT_FALSE(checker_for("queue"));
}

}  // namespace
}  // namespace faultline
