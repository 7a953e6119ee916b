#include "checkers/counter_checker.h"

#include <gtest/gtest.h>

#include "tests/checkers/add_read_events.h"

namespace faultline {
namespace {

using testing::Events;

TEST(CounterChecker, SequentialAddsAndExactReadsAreValid) {
  Events h;
  h.read(0, 0).add(0, 1).add(1, 2).read(0, 3).add(0, 5, OpType::kFail).read(1, 3);
  const CounterResult r = check_counter(h.history());
  EXPECT_EQ(r.verdict, Verdict::kValid) << counter_summary(r);
  ASSERT_EQ(r.keys.size(), 1u);
  EXPECT_EQ(r.keys[0].adds, 3u);
  EXPECT_EQ(r.keys[0].reads, 3u);
}

TEST(CounterChecker, AReadBelowTheAcknowledgedAddsIsOutOfBoundsWithItsBounds) {
  Events h;
  h.add(0, 1).add(0, 1).read(1, 1);
  const CounterResult r = check_counter(h.history());
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  ASSERT_EQ(r.out_of_bounds.size(), 1u);
  const CounterRead& bad = r.out_of_bounds[0];
  EXPECT_EQ(bad.value, 1);
  EXPECT_EQ(bad.invoke_index, 4);
  EXPECT_EQ(bad.complete_index, 5);
  EXPECT_EQ(bad.lower, 2);
  EXPECT_EQ(bad.upper, 2);
  EXPECT_EQ(to_json(r)["out_of_bounds"][0]["lower"], 2);
  EXPECT_NE(counter_summary(r).find("key k: read 1 (index 4..5) outside [2, 2]"), std::string::npos)
      << counter_summary(r);
}

TEST(CounterChecker, InfoAddsRaiseOnlyTheUpperBound) {
  Events h;
  h.add(0, 1).add(1, 10, OpType::kInfo);
  h.read(2, 1).read(2, 11);
  EXPECT_EQ(check_counter(h.history()).verdict, Verdict::kValid);
  h.read(2, 12);
  const CounterResult r = check_counter(h.history());
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  ASSERT_EQ(r.out_of_bounds.size(), 1u);
  EXPECT_EQ(r.out_of_bounds[0].lower, 1);
  EXPECT_EQ(r.out_of_bounds[0].upper, 11);
}

TEST(CounterChecker, FailedAddsCountForNeitherBound) {
  Events h;
  h.add(0, 4, OpType::kFail).read(1, 4);
  EXPECT_EQ(check_counter(h.history()).verdict, Verdict::kInvalid);
}

TEST(CounterChecker, AnAddConcurrentWithAReadMayOrMayNotBeSeen) {
  for (int seen : {0, 3}) {
    Events h;
    h.invoke(0, "read", nullptr).invoke(1, "add", 3);
    h.complete(1, OpType::kOk, "add", 3).complete(0, OpType::kOk, "read", seen);
    EXPECT_EQ(check_counter(h.history()).verdict, Verdict::kValid) << seen;
  }
}

TEST(CounterChecker, AnAddThatNeverCompletedMayStillLandLater) {
  Events h;
  h.invoke(0, "add", 2).read(1, 0).read(1, 2);
  EXPECT_EQ(check_counter(h.history()).verdict, Verdict::kValid);
}

TEST(CounterChecker, AnAddInvokedAfterTheReadEndedCannotBeSeen) {
  Events h;
  h.read(1, 2).add(0, 2);
  const CounterResult r = check_counter(h.history());
  EXPECT_EQ(r.verdict, Verdict::kInvalid);
  EXPECT_EQ(r.out_of_bounds[0].upper, 0);
}

TEST(CounterChecker, KeysAreIndependentCounters) {
  Events h;
  h.add(0, 5, OpType::kOk, "a").add(0, 7, OpType::kOk, "b").read(1, 5, "a").read(1, 7, "b");
  const CounterResult r = check_counter(h.history());
  EXPECT_EQ(r.verdict, Verdict::kValid) << counter_summary(r);
  EXPECT_EQ(r.keys.size(), 2u);
}

TEST(CounterChecker, ANonIntegerReadIsOutOfBounds) {
  Events h;
  h.add(0, 1).read(1, nullptr);
  EXPECT_EQ(check_counter(h.history()).verdict, Verdict::kInvalid);
}

TEST(CounterChecker, AnAddThatIsNotAPositiveIntegerMakesItsKeyUnknown) {
  Events h;
  h.add(0, -1).read(1, -1).add(0, 1, OpType::kOk, "fine").read(1, 1, "fine");
  const CounterResult r = check_counter(h.history());
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_NE(r.keys[0].unknown_reason.find("not a positive integer"), std::string::npos);
  EXPECT_EQ(r.keys[1].verdict, Verdict::kValid);
}

TEST(CounterChecker, ALongHistoryIsCheckedQuickly) {
  Events h;
  int64_t total = 0;
  for (int i = 0; i < 100000; ++i) {
    h.add(i % 7, 1 + i % 3);
    total += 1 + i % 3;
    if (i % 10 == 0) h.read(8, total);
  }
  const CounterResult r = check_counter(h.history());
  EXPECT_EQ(r.verdict, Verdict::kValid);
  EXPECT_EQ(r.keys[0].reads, 10000u);
}

}  // namespace
}  // namespace faultline
