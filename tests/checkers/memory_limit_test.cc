// The memory limit holds for the whole process: reservations that would pass
// it fail, and a search that needs more than the limit ends "memory limit"
// with the child's peak RSS within the limit plus a small margin.
#include <gtest/gtest.h>

#include <random>

#include "bench/child_run.h"
#include "checkers/linearizability.h"
#include "checkers/memory_budget.h"
#include "tests/support/random_history.h"

namespace faultline {
namespace {

constexpr int64_t kMiB = 1024 * 1024;

TEST(MemoryBudget, AReservationPastTheLimitFailsAndReservesNothing) {
  const int64_t base = resident_bytes();
  ASSERT_GT(base, 0);
  MemoryBudget budget(base + 10 * kMiB);
  EXPECT_TRUE(budget.reserve(4 * kMiB));
  EXPECT_FALSE(budget.reserve(8 * kMiB));
  EXPECT_EQ(budget.reserved(), 4 * kMiB);
  budget.release(4 * kMiB);
  EXPECT_TRUE(budget.reserve(8 * kMiB));
}

TEST(MemoryBudget, NoLimitReservesAnything) {
  MemoryBudget budget(0);
  EXPECT_TRUE(budget.reserve(int64_t{1} << 50));
  EXPECT_FALSE(budget.resident_over_limit());
}

TEST(MemoryBudget, ResidentSizeOverTheLimitIsSeen) {
  MemoryBudget budget(1);
  EXPECT_TRUE(budget.resident_over_limit());
}

struct Outcome {
  int verdict;
  bool memory_limit;  // the search stopped at the memory limit
  double limit_mib;
};

// In a child of its own, so the peak RSS measured is this check's.
TEST(MemoryLimit, PeakResidentStaysWithinTheLimitPlusAMargin) {
  constexpr double kMarginMiB = 16;
  bench::ChildRun<Outcome> run = bench::run_in_child<Outcome>([] {
    std::mt19937_64 rng(1202);
    testing::HardKvOptions hard;
    hard.keys = 2;
    hard.bad_keys = 2;
    hard.ops_per_key = 300;
    hard.processes = 20;
    hard.info_rate = 0.2;
    const History h = testing::hard_invalid_kv_history(hard, rng);
    LinearizabilityOptions o;
    o.threads = 2;
    o.all_keys = true;
    o.memory_limit_bytes = resident_bytes() + 48 * kMiB;
    const LinearizabilityResult r = check_linearizability(h, *make_model("kv"), o);
    bool memory_limit = false;
    for (const PartResult& p : r.parts) memory_limit |= p.search.unknown_reason == "memory limit";
    return Outcome{static_cast<int>(r.verdict), memory_limit,
                   static_cast<double>(o.memory_limit_bytes) / kMiB};
  });
  ASSERT_TRUE(run.ok);
  EXPECT_TRUE(run.report.memory_limit) << "the history should need more than the limit";
  EXPECT_LE(run.peak_mib, run.report.limit_mib + kMarginMiB)
      << "limit " << run.report.limit_mib << " MiB";
}

}  // namespace
}  // namespace faultline
