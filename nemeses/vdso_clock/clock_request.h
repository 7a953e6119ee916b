// What faultline-clock is asked to do, read from its command line, and the
// settings a `set` leads to: pure, so both are tested without a process.
//
//   faultline-clock set PROCESSES (--offset-ms N | --bump-ms N | --drift-ppm R |
//                        --strobe-ms D [--period-ms P] [--duration-ms T])
//                       [--monotonic] [--ledger FILE]
//   faultline-clock reset [--pid P...] [--ledger FILE]
//   faultline-clock read PROCESSES
// PROCESSES: --pid P (any number), or --process NAME [--own-netns] (every
// process of that exact name, only in this network namespace), or
// --pid-file FILE.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nemeses/vdso_clock/fake_clock.h"

namespace faultline::vdso_clock {

enum class Verb { kSet, kReset, kRead };

struct Request {
  Verb verb = Verb::kRead;
  std::vector<pid_t> pids;
  std::string process_name, pid_file;  // the processes to find (process_finder.h)
  bool own_netns = false;
  // The node's record of patched processes: `set` adds to it, `reset` undoes
  // every process it lists (and empties it), so a heal needs no controller memory.
  std::string ledger;
  std::optional<int64_t> offset_ms, bump_ms, drift_ppm, strobe_ms;
  int64_t period_ms = 1000, duration_ms = 10'000;
  bool monotonic = false;  // move CLOCK_MONOTONIC/BOOTTIME too, not only the wall clock
};

struct ParsedRequest {
  Request request;
  std::string error;  // empty when the command line was good
};
ParsedRequest parse_request(const std::vector<std::string>& args);

// The settings after `request` (a set), given the current ones and the true
// CLOCK_MONOTONIC now. The clock never jumps except by what was asked: a
// drift so far is folded into the base, so a bump or a new rate starts from
// the offset the process sees now. --offset-ms starts afresh (no drift).
ClockSettings next_settings(const ClockSettings& current, const Request& request, int64_t now_ns);

}  // namespace faultline::vdso_clock
