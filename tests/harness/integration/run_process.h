// `faultline` as a child process for the integration tests of signals:
// stdout into a pipe the test reads (and may close, as `| head` does),
// stderr into a file. Killed and reaped if the test leaves early.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace faultline::testing {

class RunProcess {
 public:
  RunProcess(const std::string& binary, std::vector<std::string> args,
             const std::string& stderr_file);
  RunProcess(const RunProcess&) = delete;
  RunProcess& operator=(const RunProcess&) = delete;
  ~RunProcess();

  pid_t pid() const { return pid_; }
  const std::string& out() const { return out_; }

  // Reads stdout until `text` appears (true), or it ends or `patience` passes.
  bool wait_for(const std::string& text, std::chrono::milliseconds patience);
  // Keeps reading stdout (so the pipe never fills) for `time`.
  void read_for(std::chrono::milliseconds time);
  // Closes the test's end of stdout: the child's next write fails (EPIPE).
  void close_output();
  // The wait status, reading stdout meanwhile; nullopt after `patience`.
  std::optional<int> wait(std::chrono::milliseconds patience);

 private:
  bool read_some(std::chrono::milliseconds patience);  // false at the end of the output

  pid_t pid_ = -1;
  int out_fd_ = -1;
  std::string out_;
};

}  // namespace faultline::testing
