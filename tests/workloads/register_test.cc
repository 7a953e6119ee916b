#include "workloads/register.h"

#include <gtest/gtest.h>

#include <set>

#include "workloads/catalog.h"

namespace faultline {
namespace {

TEST(RegisterWorkload, WritesOnAKeyCarryUniqueIncreasingValues) {
  RegisterWorkload workload;
  Rng rng(1);
  std::vector<int64_t> values;
  for (int i = 0; i < 5; ++i)
    values.push_back(workload.make_op("write", "k", rng).value.get<int64_t>());
  EXPECT_EQ(values, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(workload.make_op("write", "other", rng).value, 1) << "each key counts on its own";
}

TEST(RegisterWorkload, CasGoesFromARecentlyWrittenValueToAFreshOne) {
  RegisterWorkload workload({.recent_values = 2});
  Rng rng(7);
  std::set<int64_t> handed_out;
  for (int i = 0; i < 200; ++i) {
    std::set<int64_t> recent;
    for (int64_t v = std::max<int64_t>(1, static_cast<int64_t>(handed_out.size()) - 1);
         v <= static_cast<int64_t>(handed_out.size()); ++v) {
      recent.insert(v);
    }
    Op op = workload.make_op(i % 2 ? "cas" : "write", "k", rng);
    if (op.f == "cas") {
      ASSERT_TRUE(op.value.is_array());
      EXPECT_TRUE(recent.count(op.value[0].get<int64_t>())) << op.value;
      EXPECT_FALSE(handed_out.count(op.value[1].get<int64_t>())) << "new value must be unique";
      handed_out.insert(op.value[1].get<int64_t>());
    } else {
      EXPECT_TRUE(handed_out.insert(op.value.get<int64_t>()).second);
    }
  }
}

TEST(RegisterWorkload, CasOnAKeyNeverWrittenBecomesAWrite) {
  RegisterWorkload workload;
  Rng rng(1);
  Op op = workload.make_op("cas", "fresh", rng);
  EXPECT_EQ(op.f, "write");
  EXPECT_EQ(op.value, 1);
}

TEST(RegisterWorkload, ReadsAndFinalOpsAreReadsOfTheKey) {
  RegisterWorkload workload;
  Rng rng(1);
  Op read = workload.make_op("read", "k3", rng);
  EXPECT_EQ(read.f, "read");
  EXPECT_TRUE(read.value.is_null());
  EXPECT_EQ(read.key, "k3");
  std::vector<Op> finals = workload.final_ops("k3");
  ASSERT_EQ(finals.size(), 1u);
  EXPECT_EQ(finals[0].f, "read");
  EXPECT_EQ(finals[0].key, "k3");
}

TEST(RegisterWorkload, RetiringAKeyDropsItsState) {
  RegisterWorkload workload;
  Rng rng(1);
  workload.make_op("write", "a", rng);
  workload.make_op("write", "b", rng);
  EXPECT_EQ(workload.keys_with_state(), 2u);
  workload.retire_key("a");
  EXPECT_EQ(workload.keys_with_state(), 1u);
}

TEST(RegisterWorkload, IsCheckedPerKeyWithTheCasRegisterModelStartingNil) {
  CheckerChoice choice = register_checker();
  EXPECT_EQ(choice.checker, "linearizability");
  EXPECT_EQ(choice.model, "cas-register");
  EXPECT_TRUE(choice.model_options.init.is_null());
  EXPECT_EQ(choice.model_options.nil_read, NilRead::kAbsent);
  EXPECT_NE(make_model(choice.model), nullptr);
}

TEST(WorkloadCatalog, KnowsRegisterByName) {
  ASSERT_NE(make_workload("register"), nullptr);
  EXPECT_EQ(make_workload("register")->name(), "register");
  EXPECT_EQ(make_workload("regster"), nullptr);
  EXPECT_EQ(checker_for("register")->model, "cas-register");
  EXPECT_FALSE(checker_for("nope"));
}

}  // namespace
}  // namespace faultline
