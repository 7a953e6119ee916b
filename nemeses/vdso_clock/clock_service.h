// Carries out a faultline-clock request (clock_request.h) on each process:
// holds it, patches or unpatches it, and checks the result from inside the
// process (its own clock_gettime, called in it) against this program's
// clocks. One JSON object per process comes back, for the controller:
//   {"pid", "ok", "error"?, "threads", "patched", "settings"?,
//    "expected_offset_ms"?, "seen_offset_ms"?: {"realtime", "monotonic"}}
#pragma once

#include <string>
#include <vector>

#include "nemeses/vdso_clock/clock_request.h"

namespace faultline::vdso_clock {

// Offsets seen inside a process may differ from those asked by this much on
// top of the time the reading took: the process and this program read the
// same kernel clock, so only the reading's own latency separates them.
inline constexpr int64_t kToleranceNs = 1'000'000;

// Finds the processes a request names by --process or --pid-file and adds
// their pids; an error in words when there are none (the program then exits
// 3, as the nemesis's own process commands do).
std::string find_processes(Request* request);

// Runs the request; a line of JSON per process. `ok` is false for a process
// that could not be changed or whose change could not be seen from inside.
std::vector<std::string> carry_out(const Request& request);

// The ledger's lines are "PID START_TIME"; a pid whose process started at
// another time is a different process and is left alone.
struct LedgerEntry {
  pid_t pid = 0;
  uint64_t start_time = 0;
};
std::vector<LedgerEntry> parse_ledger(const std::string& text);
std::string format_ledger(const std::vector<LedgerEntry>& entries);

}  // namespace faultline::vdso_clock
