// The clock nemesis: moves the clocks of the chosen nodes (bump, strobe,
// scramble, drift) and resets them, in parallel. Every change is verified:
// in kProcess mode by faultline-clock reading each database process's clock
// from inside it; otherwise by reading the clock as the node's processes see
// it (under faketime on namespace nodes) before and after, against the
// controller's clock. A node whose clock did not move as asked is an error
// and is not recorded as applied. Commands are built in clock_commands.h.
//
// Thread-safety: as on_nodes() (parallel.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "harness/remote/node_spec.h"
#include "harness/remote/parallel.h"
#include "harness/remote/remote.h"
#include "nemeses/clock_commands.h"
#include "nemeses/clock_helper.h"
#include "nemeses/fault.h"
#include "nemeses/process_commands.h"
#include "nemeses/targets.h"

namespace faultline {

// Real machines: kSystem. Local namespace nodes share the controller's
// kernel clock: kProcess when the database's process is known (by name or pid
// file), else kFaketime (which reaches only programs started under it).
ClockMode clock_mode_for(const NodeSpec& node, const ProcessSpec& process);

struct ClockContext {
  std::map<std::string, ClockMode> modes;    // by node name; a node not listed: kSystem
  ProcessSpec process;                       // the database's processes, when known
  std::string helper = clock_helper_path();  // faultline-clock, for kProcess
  bool monotonic = false;                    // kProcess: CLOCK_MONOTONIC/BOOTTIME move too
  // kProcess nodes that do not share the controller's files (real machines,
  // containers): they run a copy of `helper` (clock_helper_install.h), made
  // on first use and checked by `helper_digest`.
  std::set<std::string> copy_helper_to{};
  std::string helper_digest{};
};

// How the user chose the clock mode: "auto" (clock_mode_for()), "process",
// "faketime" or "system"; nullopt for any other word.
std::optional<ClockMode> clock_mode_choice(const std::string& choice, const NodeSpec& node,
                                           const ProcessSpec& process);
// Sets every node's mode by `choice` (one of kClockModeChoices) and which
// nodes get a copy of the helper. context.process must be set first.
void choose_clock_modes(ClockContext& context, const std::vector<NodeSpec>& nodes,
                        const std::string& choice = "auto");

// True for programs known to read the clock without libc (Go: etcd), which
// libfaketime cannot move (kProcess can).
bool ignores_faketime(const std::string& process);

// Every outcome has kind "clock" and value {"action", "offset_ms": {node: ms},
// "previous_offset_ms": {...}, "mode": {node: "faketime"|"system"}, ...}.
FaultOutcome bump_clocks(const std::vector<Remote*>& targets, int64_t delta_ms,
                         const ClockContext& context);
// Flips every target between its offset and offset + delta_ms (see strobe_command()).
FaultOutcome strobe_clocks(const std::vector<Remote*>& targets, int64_t delta_ms,
                           const StrobeTiming& timing, const ClockContext& context);
// kProcess only: the clocks run fast (ppm > 0) or slow from their offset now.
FaultOutcome drift_clocks(const std::vector<Remote*>& targets, int64_t ppm,
                          const ClockContext& context);
// Sets each node named in `offsets` to that offset from true time.
FaultOutcome set_clocks(const std::vector<Remote*>& targets,
                        const std::map<std::string, int64_t>& offsets, const ClockContext& context);

// A random offset in [-max_ms, max_ms] for every node: pure, seeded.
std::map<std::string, int64_t> scramble_offsets(const TargetNodes& nodes, int64_t max_ms,
                                                std::mt19937_64& rng);

// kProcess nodes, after their database was restarted: the new processes get
// the node's clock offset again (a fresh process has a fresh vDSO).
FaultOutcome reapply_process_clocks(const std::vector<Remote*>& targets,
                                    const ClockContext& context);

// Undoes every clock fault on these nodes (stops strobes, restores the clock,
// the patched processes' vDSO and time sync), for the overall heal.
// Idempotent; stdout is the undone offset in ms ("0" when there was none).
std::vector<NodeOutcome<CommandResult>> reset_clocks(
    const std::vector<Remote*>& remotes, const std::string& helper = clock_helper_path());

// A clock reading with the controller's clock just before and after it.
struct TimedReading {
  ClockReading reading;
  int64_t controller_before_ns = 0;
  int64_t controller_after_ns = 0;
};
// Empty when the node's clock moved by expected_delta_ms relative to the
// controller's between two readings (within their round trips and 50 ms);
// else what was seen instead.
std::optional<std::string> clock_move_problem(const TimedReading& before, const TimedReading& after,
                                              int64_t expected_delta_ms);

}  // namespace faultline
