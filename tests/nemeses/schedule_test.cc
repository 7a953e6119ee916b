#include "nemeses/schedule.h"

#include <gtest/gtest.h>

namespace faultline {
namespace {

using std::chrono::milliseconds;

const char* kExample = R"(workload: register
nemesis:
  interval: 10s        # quiet time between faults
  duration: 8s         # how long each fault stays
  order: random
  faults:
    - partition: {shape: halves}
    - loss: {percent: 20}
    - pause: {target: minority}
    - kill: {target: one}
    - clock: {bump_ms: 5000, target: all}
)";

TEST(ScheduleParse, ReadsTheDocumentedExample) {
  Parsed<Schedule> schedule = parse_schedule_text(kExample, "test.yaml");
  ASSERT_TRUE(schedule.ok()) << schedule.error().to_string();
  EXPECT_EQ(schedule->interval, milliseconds(10'000));
  EXPECT_EQ(schedule->duration, milliseconds(8'000));
  EXPECT_EQ(schedule->order, ScheduleOrder::kRandom);
  EXPECT_FALSE(schedule->seed.has_value());
  ASSERT_EQ(schedule->faults.size(), 5u);
  EXPECT_EQ(schedule->faults[0].kind, "partition");
  EXPECT_EQ(schedule->faults[0].params, Json({{"shape", "halves"}}));
  EXPECT_EQ(schedule->faults[1].params, Json({{"percent", 20.0}}));
  EXPECT_EQ(schedule->faults[2].target, "minority");
  EXPECT_EQ(schedule->faults[2].params, Json::object());
  EXPECT_EQ(schedule->faults[4].params, Json({{"bump_ms", 5000}}));
  EXPECT_EQ(schedule->faults[4].target, "all");
  EXPECT_EQ(schedule->faults[3].where.line, 10);
  EXPECT_EQ(schedule->faults[3].where.column, 7);
}

TEST(ScheduleParse, AcceptsBareKindsNodeListsFixedOrderAndASeed) {
  Parsed<Schedule> schedule = parse_schedule_text(R"(nemesis:
  order: fixed
  seed: 42
  interval: 500ms
  faults:
    - kill
    - pause: {target: [n1, n3]}
    - kill: {target: n2}
    - clock: {target: random-subset}
)",
                                                  "t.yaml");
  ASSERT_TRUE(schedule.ok()) << schedule.error().to_string();
  EXPECT_EQ(schedule->order, ScheduleOrder::kFixed);
  EXPECT_EQ(schedule->seed, 42u);
  EXPECT_EQ(schedule->interval, milliseconds(500));
  EXPECT_EQ(schedule->duration, milliseconds(8'000)) << "default";
  EXPECT_EQ(schedule->faults[0].kind, "kill");
  EXPECT_EQ(schedule->faults[1].target, "n1,n3");
  EXPECT_EQ(schedule->faults[2].target, "n2") << "a node name, though one edit from 'one'";
  EXPECT_EQ(schedule->faults[3].target, "random-subset");
}

struct BadSchedule {
  const char* name;
  const char* yaml;
  int line;
  int column;
  const char* says;
};

class ScheduleErrors : public ::testing::TestWithParam<BadSchedule> {};

TEST_P(ScheduleErrors, NameLineColumnAndTheFix) {
  const BadSchedule& bad = GetParam();
  Parsed<Schedule> schedule = parse_schedule_text(bad.yaml, "test.yaml");
  ASSERT_FALSE(schedule.ok()) << bad.name;
  const std::string text = schedule.error().to_string();
  EXPECT_EQ(schedule.error().where.line, bad.line) << text;
  EXPECT_EQ(schedule.error().where.column, bad.column) << text;
  EXPECT_NE(text.find(bad.says), std::string::npos) << text;
  EXPECT_EQ(text.rfind("test.yaml:", 0), 0u) << text;
}

INSTANTIATE_TEST_SUITE_P(
    Schedule, ScheduleErrors,
    ::testing::Values(
        BadSchedule{"UnknownFaultKey", "nemesis:\n  faults:\n    - loss: {percnt: 20}\n", 3, 14,
                    "unknown loss key 'percnt' (did you mean 'percent'?"},
        BadSchedule{"UnknownKind", "nemesis:\n  faults:\n    - partiton: {shape: halves}\n", 3, 7,
                    "did you mean 'partition'?"},
        BadSchedule{"UnknownScheduleKey", "nemesis:\n  intervall: 5s\n  faults: [kill]\n", 2, 3,
                    "did you mean 'interval'?"},
        BadSchedule{"BadDuration", "nemesis:\n  duration: ten\n  faults: [kill]\n", 2, 13,
                    "'duration' must be a positive duration such as 10s"},
        BadSchedule{"DurationWithoutUnit", "nemesis:\n  interval: 10\n  faults: [kill]\n", 2, 13,
                    "such as 10s, 500ms"},
        BadSchedule{"ZeroDuration", "nemesis:\n  duration: 0s\n  faults: [kill]\n", 2, 13,
                    "positive duration"},
        BadSchedule{"UnknownShape", "nemesis:\n  faults:\n    - partition: {shape: halfs}\n", 3, 26,
                    "did you mean 'halves'?"},
        BadSchedule{"PercentOutOfRange", "nemesis:\n  faults:\n    - loss: {percent: 120}\n", 3, 23,
                    "from 0 to 100"},
        BadSchedule{"MisspeltTarget", "nemesis:\n  faults:\n    - pause: {target: minorty}\n", 3,
                    23, "did you mean 'minority'?"},
        // strtoull saturated this to 2^64-1 silently before the schedule used FieldReader.
        BadSchedule{"SeedTooBig", "nemesis:\n  seed: 99999999999999999999\n  faults: [kill]\n", 2,
                    9, "'seed' must be a non-negative whole number"},
        BadSchedule{"BadOrder", "nemesis:\n  order: shuffled\n  faults: [kill]\n", 2, 10,
                    "unknown order 'shuffled'"},
        BadSchedule{"NoFaults", "nemesis:\n  interval: 1s\n", 2, 3, "missing 'faults'"},
        BadSchedule{"RepeatedKey", "nemesis:\n  faults:\n    - clock: {bump_ms: 1, bump_ms: 2}\n",
                    3, 27, "given twice"},
        BadSchedule{"TwoClockActions",
                    "nemesis:\n  faults:\n    - clock: {bump_ms: 1, drift_ppm: 20}\n", 3, 38,
                    "'bump_ms' and 'drift_ppm' cannot be combined"},
        BadSchedule{"PeriodWithoutStrobe",
                    "nemesis:\n  faults:\n    - clock: {bump_ms: 1, period_ms: 20}\n", 3, 38,
                    "'period_ms' is read only with 'strobe_ms'"},
        BadSchedule{"ZeroDrift", "nemesis:\n  faults:\n    - clock: {drift_ppm: 0}\n", 3, 26,
                    "would move no clock"},
        BadSchedule{"DriftTooFast", "nemesis:\n  faults:\n    - clock: {drift_ppm: 2000000}\n", 3,
                    26, "from -1000000 to 1000000"},
        BadSchedule{"UnknownClockMode", "nemesis:\n  clock_mode: proces\n  faults: [kill]\n", 2,
                    15, "unknown clock_mode 'proces' (did you mean 'process'?"},
        BadSchedule{"MonotonicNotAFlag",
                    "nemesis:\n  faults:\n    - clock: {bump_ms: 9, monotonic: yes}\n", 3, 38,
                    "'monotonic' must be true or false"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ScheduleParse, ClockFaultsStrobeDriftScrambleAndTheMonotonicClock) {
  Parsed<Schedule> schedule = parse_schedule_text(
      "nemesis:\n  faults:\n"
      "    - clock: {strobe_ms: -800, period_ms: 50}\n"
      "    - clock: {drift_ppm: 5000, monotonic: true}\n"
      "    - clock: {scramble_ms: 60000, target: all}\n",
      "test.yaml");
  ASSERT_TRUE(schedule.ok()) << schedule.error().to_string();
  EXPECT_EQ(schedule->faults[0].params, Json({{"strobe_ms", -800}, {"period_ms", 50}}));
  EXPECT_EQ(schedule->faults[1].params, Json({{"drift_ppm", 5000}, {"monotonic", true}}));
  EXPECT_EQ(schedule->faults[2].params, Json({{"scramble_ms", 60000}}));
  EXPECT_EQ(schedule->clock_mode, "auto") << "the default";
  Parsed<Schedule> process =
      parse_schedule_text("nemesis:\n  clock_mode: process\n  faults: [clock]\n", "test.yaml");
  ASSERT_TRUE(process.ok()) << process.error().to_string();
  EXPECT_EQ(process->clock_mode, "process");
}

TEST(ScheduleDuration, ReadsUnits) {
  EXPECT_EQ(parse_duration("10s"), milliseconds(10'000));
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("1.5s"), milliseconds(1'500));
  EXPECT_EQ(parse_duration("2m"), milliseconds(120'000));
  EXPECT_EQ(parse_duration("1h"), milliseconds(3'600'000));
  EXPECT_FALSE(parse_duration("10").has_value());
  EXPECT_FALSE(parse_duration("s").has_value());
  EXPECT_FALSE(parse_duration("10 s").has_value());
  EXPECT_FALSE(parse_duration("-1s").has_value());
}

TEST(ScheduleSeed, AGivenSeedIsKept) {
  Schedule schedule;
  schedule.seed = 99;
  EXPECT_EQ(choose_seed(schedule), 99u);
}

}  // namespace
}  // namespace faultline
