// Helpers for the adapter client's tests: the test adapters' paths, a log
// that records its lines, and the processes this test process has started.
#pragma once

#include <sys/types.h>

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "checkers/verdict.h"
#include "harness/history/history.h"
#include "harness/runner/client.h"

namespace faultline {

// A test adapter under tests/workloads/adapters/.
std::string test_adapter(const std::string& name);

// Records log lines; sink() is thread-safe.
class RecordedLog {
 public:
  std::function<void(const std::string&)> sink();
  std::vector<std::string> lines() const;
  // The lines that contain `text`.
  std::vector<std::string> matching(const std::string& text) const;

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> lines_;
};

struct ProcessEntry {
  pid_t pid = 0;
  char state = '?';  // 'Z' for a zombie
};

// The processes (zombies included) whose parent is this process, from /proc.
std::vector<ProcessEntry> children_of_this_process();
// The processes in process group `group` that still run: a grandchild killed
// with its group is reparented and waits, a zombie, for init to reap it.
std::vector<pid_t> live_processes_in_group(pid_t group);
// How many fds this process has open.
int open_fd_count();

// SIGSTOP reaches each thread when it next runs: a busy machine may take a
// moment. True once every thread of `pid` is stopped (waits up to 5 s).
bool wait_until_stopped(pid_t pid);

// A register workload's history checked for linearizability (cas-register).
Verdict check_register(const History& history);

// 4 workers for 3 s of the register workload (about 150 ops/s, 3 keys of 80
// ops, seed 11), each through its own client of `clients`, recorded in
// `history_path`; then what a healthy database gives: every op answered, some
// cas refused, reads that see the integers written, a linearizable history.
// The history, for more checks.
History expect_a_healthy_register_run(const ClientFactory& clients,
                                      const std::string& history_path);

}  // namespace faultline
