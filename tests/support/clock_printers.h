// The clock printers of the clock fault tests (tests/data/clock_programs): a
// Go program (it reads the clock through the vDSO, as etcd does) and a C one
// (through libc) that write their wall and monotonic clocks every 20 ms to a
// file on their node. A test moves their clocks with a fault and reads the
// file: the fault is then verified from inside the target process.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>

#include "harness/remote/remote.h"

namespace faultline::testing {

inline constexpr char kGoClockPrinter[] = "fl-vdso-go";  // names for pgrep -x: <= 15 characters
inline constexpr char kCClockPrinter[] = "fl-vdso-c";

// The printers print every 20 ms and are read through a remote: 150 ms covers both.
inline constexpr double kPrintSlackMs = 150;

// Builds both printers (cc, Debian's golang-go) from the sources in
// `source_dir` (the repository's) into a new directory under /tmp named for
// `tag` and this process; empty when a build failed.
std::filesystem::path build_clock_printers(const std::string& source_dir, const std::string& tag);

// Starts `path` (a printer, already on the node) detached on the node, printing
// into the node's state directory under the printer's file name. Error or "".
std::string start_clock_printer(Remote& node, const std::string& path);

// The printer's last line, {wall clock, monotonic} in ns, once it printed one
// after this call began (so it was read after any change made before); none
// when it printed nothing for 4 s.
std::optional<std::pair<int64_t, int64_t>> printed_clocks(Remote& node, const std::string& printer);

// How far ahead of this machine's wall clock the printer's is, in ms; none as above.
std::optional<double> printer_offset_ms(Remote& node, const std::string& printer);

int64_t now_ns(clockid_t clock);

}  // namespace faultline::testing
