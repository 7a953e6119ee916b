// The commands the clock nemesis runs on a node, and libfaketime's setup:
// pure builders, checked without a node (clock_faults.h applies them).
//
// Three ways to move a node's clock:
//  - kProcess, local namespace nodes with the database's process known:
//    faultline-clock (clock_helper.h) moves the clocks inside the database's
//    own processes, whatever they are written in, without a restart.
//  - kSystem, real machines: `date -s` (root, via sudo). Time sync
//    (systemd-timesyncd, chrony, ntp; whichever is active) is stopped while a
//    fault is active and started again on reset.
//  - kFaketime, local namespace nodes: they share one kernel clock, so the
//    offset goes into the node's own kNodeStateDir/faketime file, which every
//    process started under faketime_wrap() follows at once. Go programs (etcd)
//    read the clock through the vDSO and ignore libfaketime.
// Either way the node records its current offset (kNodeStateDir/clock-*), so
// reset_clock_command() restores it without the controller's memory.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/remote/command.h"
#include "nemeses/process_commands.h"

namespace faultline {

enum class ClockMode { kFaketime, kSystem, kProcess };
std::string to_string(ClockMode mode);  // "faketime", "system", "process"
// What a user may choose (`--clock-mode`, the test file's `clock_mode`):
// "auto" picks per node (clock_mode_for() in clock_faults.h).
inline const std::vector<std::string> kClockModeChoices = {"auto", "process", "faketime", "system"};

// The file a process under faketime_wrap() takes its offset from.
std::string faketime_file();
// The environment that makes a libc program follow faketime_file(). Only the
// wall clock moves (as with `date -s`): monotonic clocks stay real.
std::map<std::string, std::string> faketime_env();
// `command` run under libfaketime, e.g. the database's start step.
Command faketime_wrap(Command command);
// The offset as libfaketime reads it: +5.000, -0.250 (seconds, dot decimal:
// libfaketime parses it in the C locale of the wrapped program).
std::string faketime_offset_text(int64_t offset_ms);

// Prints two lines: the node's recorded offset in ms (0 when none) and its
// clock as `date +%s%N` reads it, the latter under faketime in kFaketime mode.
Command read_clock_command(ClockMode mode);
struct ClockReading {
  int64_t offset_ms = 0;
  int64_t clock_ns = 0;
};
std::optional<ClockReading> parse_clock_reading(const std::string& out);

// Sets the node's offset from true time to `offset_ms` (a step of
// offset_ms - recorded offset in kSystem mode).
Command set_offset_command(ClockMode mode, int64_t offset_ms);

struct StrobeTiming {
  std::chrono::milliseconds period{1000};  // time between flips (>= 100 ms)
  std::chrono::milliseconds duration{10'000};
};
// Sets `strobe_ms` at once, then (in a detached loop on the node) flips
// between `base_ms` and `strobe_ms` every period for the duration, ending at
// `base_ms`. The loop's pid is kept on the node; reset stops it.
Command strobe_command(ClockMode mode, int64_t base_ms, int64_t strobe_ms,
                       const StrobeTiming& timing);

// kProcess, in one round trip: works out the node's new offset from `how`
// ("+N": N ms more than recorded, "=N": N ms, "keep": the recorded one, for
// a strobe or a drift), runs `helper set PROCESS [--offset-ms NEW] ARGS...`
// (the helper finds the database's processes; ARGS from
// process_clock_args()) and records the new offset. Prints "offsets OLD NEW"
// and then the helper's answers (parse_process_clock_reply()); exits
// kNotRunningStatus when the process is not running.
//
// `helper` is faultline-clock on the node; with a digest (a copy on a node
// that does not share the controller's files: clock_helper_install.h) the
// command first checks that copy's digest and exits
// kHelperNotInstalledStatus when it is missing or another version.
struct NodeClockHelper {
  std::string path;
  std::string digest;  // empty: `path` is the controller's own program, used as is
};
Command process_clock_command(const NodeClockHelper& helper, const ProcessSpec& process,
                              const std::string& how, const std::vector<std::string>& args);
// kProcess, after the database was restarted: gives its processes the
// node's recorded offset again. Prints nothing when the node has no process
// clock fault in force.
Command reapply_process_clock_command(const NodeClockHelper& helper, const ProcessSpec& process,
                                      const std::vector<std::string>& args);

// Stops a strobe loop, undoes the recorded offset, puts back the vDSO of
// every process in the node's clock ledger (with the node's installed copy of
// faultline-clock when there is one, else `helper`), starts time sync
// again and prints the offset it undid (ms). Idempotent.
Command reset_clock_command(const std::string& helper);

}  // namespace faultline
