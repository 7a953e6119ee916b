#include "nemeses/schedule_plan.h"

#include <gtest/gtest.h>

#include <set>

namespace faultline {
namespace {

using std::chrono::milliseconds;

Schedule three_kinds(ScheduleOrder order) {
  Schedule schedule;
  schedule.interval = milliseconds(10'000);
  schedule.duration = milliseconds(8'000);
  schedule.order = order;
  schedule.faults = {{"partition", {{"shape", "halves"}}, "", {}},
                     {"loss", {{"percent", 20}}, "", {}},
                     {"kill", Json::object(), "one", {}}};
  return schedule;
}

TEST(SchedulePlan, TheSameSeedGivesTheSamePlan) {
  const Schedule schedule = three_kinds(ScheduleOrder::kRandom);
  const Plan a = plan_schedule(schedule, 42, milliseconds(600'000));
  const Plan b = plan_schedule(schedule, 42, milliseconds(600'000));
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(plan_to_json(a), plan_to_json(b));
  EXPECT_EQ(a.seed, 42u);
}

TEST(SchedulePlan, AnotherSeedGivesAnotherOrder) {
  const Schedule schedule = three_kinds(ScheduleOrder::kRandom);
  const Plan a = plan_schedule(schedule, 1, milliseconds(600'000));
  const Plan b = plan_schedule(schedule, 2, milliseconds(600'000));
  EXPECT_NE(a.events, b.events);
}

TEST(SchedulePlan, RandomOrderUsesEveryKindOverALongRun) {
  const Plan plan = plan_schedule(three_kinds(ScheduleOrder::kRandom), 7, milliseconds(600'000));
  std::set<std::string> kinds;
  for (const PlannedEvent& event : plan.events) kinds.insert(event.fault.kind);
  EXPECT_EQ(kinds, (std::set<std::string>{"partition", "loss", "kill"}));
}

TEST(SchedulePlan, QuietThenFaultThenQuietAndEveryFaultEndsInTime) {
  // 10s quiet + 8s fault = 18s per fault; 60s fits three (ending at 18, 36, 54).
  const Plan plan = plan_schedule(three_kinds(ScheduleOrder::kFixed), 3, milliseconds(60'000));
  ASSERT_EQ(plan.events.size(), 6u);
  const std::vector<int64_t> at_ms = {10'000, 18'000, 28'000, 36'000, 46'000, 54'000};
  const std::vector<std::string> kinds = {"partition", "partition", "loss", "loss", "kill", "kill"};
  for (size_t i = 0; i < plan.events.size(); ++i) {
    EXPECT_EQ(plan.events[i].at.count(), at_ms[i]) << i;
    EXPECT_EQ(plan.events[i].phase, i % 2 == 0 ? FaultPhase::kStart : FaultPhase::kStop) << i;
    EXPECT_EQ(plan.events[i].fault.kind, kinds[i]) << i;
    EXPECT_EQ(plan.events[i].fault.number, static_cast<int64_t>(i / 2 + 1)) << i;
  }
  EXPECT_EQ(plan.events[4].fault.target, "one");
  EXPECT_EQ(plan.events[2].fault.params, Json({{"percent", 20}}));
}

TEST(SchedulePlan, FixedOrderCycles) {
  const Plan plan = plan_schedule(three_kinds(ScheduleOrder::kFixed), 3, milliseconds(18'000 * 4));
  ASSERT_EQ(plan.events.size(), 8u);
  EXPECT_EQ(plan.events[6].fault.kind, "partition");
}

TEST(SchedulePlan, NoFaultFitsInATooShortRun) {
  EXPECT_TRUE(
      plan_schedule(three_kinds(ScheduleOrder::kFixed), 3, milliseconds(17'999)).events.empty());
  EXPECT_TRUE(plan_schedule(Schedule{}, 3, milliseconds(600'000)).events.empty());
}

TEST(SchedulePlan, EachFaultGetsItsOwnSeedAndStartAndStopShareIt) {
  const Plan plan = plan_schedule(three_kinds(ScheduleOrder::kFixed), 3, milliseconds(60'000));
  EXPECT_EQ(plan.events[0].fault, plan.events[1].fault);
  EXPECT_NE(plan.events[0].fault.seed, plan.events[2].fault.seed);
}

}  // namespace
}  // namespace faultline
