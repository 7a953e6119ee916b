// Planning a nemesis schedule: a pure function from the schedule, a seed and
// the test's time limit to the exact list of timed fault events, so the same
// seed always gives the same faults at the same times (and the plan can be
// stored with the run and replayed).
//
// The timeline: quiet for `interval`, a fault for `duration`, quiet for
// `interval`, the next fault, ... Faults never overlap, and only faults that
// end within the time limit are planned. `fixed` cycles through the faults in
// order; `random` picks each from the list with the seeded generator.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/history/op.h"
#include "nemeses/schedule.h"

namespace faultline {

struct PlannedFault {
  int64_t number = 0;  // 1, 2, ... in plan order
  std::string kind;
  Json params;
  std::string target;
  uint64_t seed = 0;  // for the fault's own random choices (random shapes, targets)
  bool operator==(const PlannedFault&) const = default;
};

enum class FaultPhase { kStart, kStop };

struct PlannedEvent {
  std::chrono::milliseconds at{0};  // since the schedule began
  FaultPhase phase = FaultPhase::kStart;
  PlannedFault fault;
  bool operator==(const PlannedEvent&) const = default;
};

struct Plan {
  uint64_t seed = 0;
  std::vector<PlannedEvent> events;  // by time; each fault's start, then its stop
};

Plan plan_schedule(const Schedule& schedule, uint64_t seed, std::chrono::milliseconds time_limit);

// For the run's store: {"seed": 42, "events": [{"at_ms": 10000, "phase": "start",
// "fault": 1, "kind": "partition", "params": {...}, "target": "", "seed": 7}, ...]}.
Json plan_to_json(const Plan& plan);

}  // namespace faultline
