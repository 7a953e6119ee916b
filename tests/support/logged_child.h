// A server started for a test as a child of the test process: its stdout and
// stderr go to a log file, and it dies with the test (even a crashed one).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace faultline {

// Starts `args` (PATH is searched); throws std::runtime_error when it cannot.
pid_t start_logged(const std::vector<std::string>& args, const std::filesystem::path& log);

// Like start_logged, but the child outlives this process (no death signal,
// a session of its own): a server a ctest fixture starts for later tests.
pid_t start_detached(const std::vector<std::string>& args, const std::filesystem::path& log);

// Kills the child (a stopped one too) and reaps it.
void stop_logged(pid_t pid);

// Empty once `serving` says yes (it is asked every 50 ms); else why not: the
// child `*pid` exited (then *pid is -1) or `limit` passed. `name` names it.
std::string wait_until_serving(pid_t* pid, const std::string& name,
                               const std::function<bool()>& serving, std::chrono::seconds limit);

// The last `max_bytes` of a log file.
std::string log_tail(const std::filesystem::path& log, size_t max_bytes = 4000);

}  // namespace faultline
