// The commands the process nemesis runs on a node: pure builders, one per
// action, so they can be checked without a node (see process_faults.h for
// applying them).
//
// Every command finds the process (by exact name, as `pgrep -x`, or by the
// pid in a pid file), acts on it, and prints the pids it acted on, space
// separated, on stdout. When the process is not running it exits
// kNotRunningStatus with one line on stderr saying so.
//
// Paused pids are recorded in kNodeStateDir/paused on the node before they
// are stopped, so resume_paused_command() can resume them later, even when
// the controller that paused them is gone.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "harness/remote/command.h"

namespace faultline {

inline constexpr int kNotRunningStatus = 3;

struct ProcessSpec {
  std::string name;      // the process name, matched exactly (pgrep -x; at most 15 characters)
  std::string pid_file;  // or, when name is empty: the process whose pid this file holds
  // Match only processes in the node's own network namespace. Local namespace
  // nodes share one kernel, so without this `pgrep` on n1 would also find the
  // processes of n2, n3 and the controller.
  bool own_network_namespace = false;
  // "etcd" or "pid file /var/lib/faultline/db.pid", for messages.
  std::string describe() const;
};

// The file on a node that lists the pids faultline stopped there.
std::string paused_file();

// SIGSTOP, after appending the pids to paused_file().
Command pause_command(const ProcessSpec& process);
// SIGCONT, and forgets the pids in paused_file().
Command resume_command(const ProcessSpec& process);
// SIGKILL, and forgets the pids in paused_file().
Command kill_command(const ProcessSpec& process);
// Only prints the pids (or exits kNotRunningStatus).
Command find_command(const ProcessSpec& process);
// Waits up to `wait` for the process to run, polling every 100 ms.
Command await_command(const ProcessSpec& process, std::chrono::milliseconds wait);
// SIGCONT to every pid in paused_file(), then removes it; prints the pids.
// Succeeds when there is no such file: safe to run any number of times.
Command resume_paused_command();

// The pids a command above printed; non-numbers are skipped.
std::vector<int> parse_pids(const std::string& out);

}  // namespace faultline
