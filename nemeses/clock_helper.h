// faultline-clock (nemeses/vdso_clock/) as the clock nemesis uses it on a
// node: where the program is, the command lines that run it, and what its
// answers mean. Pure builders and parsers, checked without a node.
//
// The program moves the clocks inside the database's own processes (any
// program: Go, C, the JVM), so it is the clock mode for local namespace
// nodes, which share one kernel clock with the controller. Patched processes
// are listed in clock_ledger_file() on the node, so a heal (even by another
// controller, after a crash) finds and restores them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/remote/command.h"

namespace faultline {

// faultline-clock beside the running faultline program (both are built and
// installed together), or the value of FAULTLINE_CLOCK_HELPER when set.
std::string clock_helper_path();

// The node's list of processes whose clocks faultline changed.
std::string clock_ledger_file();

// The arguments of `faultline-clock set` after the pids (which the node
// finds) for a change (--strobe-ms D --period-ms P --duration-ms T or
// --drift-ppm R: clock_request.h; empty when the node adds --offset-ms),
// with the node's ledger.
std::vector<std::string> process_clock_args(const std::vector<std::string>& change, bool monotonic);

// What faultline-clock said about one process.
struct ProcessClockAnswer {
  int pid = 0;
  bool ok = false;
  std::string error;
  double seen_ms = 0;  // the wall clock's offset, read inside the process
};
// What a node's process clock command printed: "offsets OLD NEW" (the
// node's recorded offset before and after, ms), then one answer per JSON
// line; a line that is neither is an answer with its error.
struct ProcessClockReply {
  bool has_offsets = false;
  int64_t previous_ms = 0, offset_ms = 0;
  std::vector<ProcessClockAnswer> answers;
};
ProcessClockReply parse_process_clock_reply(const std::string& out);

}  // namespace faultline
