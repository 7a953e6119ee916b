// Fuzzes the test file of `faultline run` (harness/config/test_file.h) and the
// nemesis plan made from it: everything a user can mistype or paste.
// Properties: an error points inside the text; a file that is accepted holds
// values a run can use (at least one worker, a positive time limit, keys that
// are used at least once); its nemesis plan alternates start and stop of
// each fault, in time order, inside the time limit.
#include <algorithm>
#include <chrono>
#include <string>

#include "harness/config/test_file.h"
#include "nemeses/schedule_plan.h"
#include "tests/fuzz/fuzz_target.h"

namespace faultline::fuzz {
namespace {

// Plans bigger than this are slow to make in a fuzzer's time, not wrong.
constexpr int64_t kMaxFaultsToPlan = 10'000;

void require_usable(const TestFile& test) {
  require(!test.name.empty(), "an accepted test has a name");
  require(test.concurrency >= 1, "an accepted test has a worker");
  require(test.rate >= 0, "an accepted rate is not negative");
  require(test.time_limit.count() > 0, "an accepted time limit is positive");
  require(test.keys.ops_per_key >= 1 && test.keys.active >= 1, "accepted keys are used");
}

void require_sound_plan(const Schedule& schedule, std::chrono::milliseconds time_limit) {
  const int64_t cycle = (schedule.interval + schedule.duration).count();
  if (cycle <= 0 || time_limit.count() / cycle > kMaxFaultsToPlan) return;
  const Plan plan = plan_schedule(schedule, schedule.seed.value_or(1), time_limit);
  require(plan.events.size() % 2 == 0, "every planned fault starts and stops");
  for (size_t i = 0; i < plan.events.size(); ++i) {
    const PlannedEvent& event = plan.events[i];
    require(event.phase == (i % 2 == 0 ? FaultPhase::kStart : FaultPhase::kStop),
            "planned faults do not overlap");
    require(event.at.count() >= 0 && event.at <= time_limit, "a planned event is in the run");
    if (i > 0) require(plan.events[i - 1].at <= event.at, "planned events are in time order");
  }
}

}  // namespace
}  // namespace faultline::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace faultline;
  using namespace faultline::fuzz;
  const std::string text(as_text(data, size));
  Parsed<TestFile> test = parse_test_file(text, "/nonexistent/fuzz/test.yaml");
  if (!test) {
    require_located_inside(test.error(), text);
    return 0;
  }
  require_usable(*test);
  if (test->nemesis) require_sound_plan(*test->nemesis, test->time_limit);
  return 0;
}
