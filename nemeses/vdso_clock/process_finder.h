// Finds the processes to move on this machine, as `pgrep -x NAME` (with
// `--ns SELF --nslist net` for own_netns) or a pid file would, but in one
// pass over /proc: the clock nemesis runs it on every node for every fault,
// where starting pgrep and ps took most of the time.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace faultline::vdso_clock {

// Processes whose name (/proc/PID/comm, at most 15 characters) is `name`,
// not zombies; with `own_netns`, only those in this program's network
// namespace (local namespace nodes share one process table).
std::vector<pid_t> processes_named(const std::string& name, bool own_netns);

// The live process whose pid `path` holds, or an error in words.
struct PidFromFile {
  pid_t pid = 0;
  std::string error;
};
PidFromFile process_in_pid_file(const std::string& path);

}  // namespace faultline::vdso_clock
