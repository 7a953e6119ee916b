#include "nemeses/schedule_plan.h"

#include <random>

namespace faultline {

Plan plan_schedule(const Schedule& schedule, uint64_t seed, std::chrono::milliseconds time_limit) {
  Plan plan;
  plan.seed = seed;
  if (schedule.faults.empty() || schedule.duration.count() <= 0) return plan;
  // mt19937_64's output is fixed by the standard; distributions are not, so
  // choices use the raw output to stay the same across standard libraries.
  std::mt19937_64 rng(seed);
  std::chrono::milliseconds at = schedule.interval;
  for (int64_t number = 1; at + schedule.duration <= time_limit; ++number) {
    const size_t choice = schedule.order == ScheduleOrder::kFixed
                              ? static_cast<size_t>(number - 1) % schedule.faults.size()
                              : static_cast<size_t>(rng() % schedule.faults.size());
    const FaultSpec& spec = schedule.faults[choice];
    PlannedFault fault{number, spec.kind, spec.params, spec.target, rng()};
    plan.events.push_back({at, FaultPhase::kStart, fault});
    plan.events.push_back({at + schedule.duration, FaultPhase::kStop, fault});
    at += schedule.duration + schedule.interval;
  }
  return plan;
}

Json plan_to_json(const Plan& plan) {
  Json events = Json::array();
  for (const PlannedEvent& event : plan.events) {
    events.push_back({{"at_ms", event.at.count()},
                      {"phase", event.phase == FaultPhase::kStart ? "start" : "stop"},
                      {"fault", event.fault.number},
                      {"kind", event.fault.kind},
                      {"params", event.fault.params},
                      {"target", event.fault.target},
                      {"seed", event.fault.seed}});
  }
  return {{"seed", plan.seed}, {"events", events}};
}

}  // namespace faultline
