// The nemesis of one run: the test's schedule planned with the run's seed
// (the schedule's own seed, when it names one, pins the faults), and the
// context its faults need: the nodes, their remotes and addresses, and the
// database's process and restart command.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/db/db.h"
#include "harness/run/run_nodes.h"
#include "nemeses/fault_actions.h"
#include "nemeses/schedule.h"
#include "nemeses/schedule_plan.h"

namespace faultline {

Plan plan_run_faults(const Schedule& schedule, uint64_t run_seed,
                     std::chrono::milliseconds time_limit);

// The context lives as long as the returned value; its remotes are `nodes`'.
// `clock_mode` is the schedule's choice (kClockModeChoices).
FaultContext run_fault_context(const RunNodes& nodes, const Db& db,
                               const std::vector<DbNodeVariables>& variables,
                               const std::string& clock_mode = "auto");

}  // namespace faultline
