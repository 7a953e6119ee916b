#include "tests/harness/integration/run_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

namespace faultline::testing {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

RunProcess::RunProcess(const std::string& binary, std::vector<std::string> args,
                       const std::string& stderr_file) {
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) return;
  args.insert(args.begin(), binary);
  std::vector<char*> argv;  // made before fork: the child may only call async-signal-safe code
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    dup2(ends[1], 1);
    const int err = open(stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (err >= 0) dup2(err, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(ends[1]);
  if (pid_ < 0) {
    close(ends[0]);
    return;
  }
  out_fd_ = ends[0];
}

RunProcess::~RunProcess() {
  close_output();
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
}

bool RunProcess::wait_for(const std::string& text, milliseconds patience) {
  for (const auto end = Clock::now() + patience; Clock::now() < end;) {
    if (out_.find(text) != std::string::npos) return true;
    if (!read_some(milliseconds(100))) break;
  }
  return out_.find(text) != std::string::npos;
}

void RunProcess::read_for(milliseconds time) {
  const auto end = Clock::now() + time;
  while (Clock::now() < end && read_some(milliseconds(20))) {
  }
  if (Clock::now() < end) std::this_thread::sleep_until(end);
}

void RunProcess::close_output() {
  if (out_fd_ >= 0) close(out_fd_);
  out_fd_ = -1;
}

std::optional<int> RunProcess::wait(milliseconds patience) {
  for (const auto end = Clock::now() + patience; Clock::now() < end;) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      while (read_some(milliseconds(0))) {
      }
      return status;
    }
    if (!read_some(milliseconds(50))) std::this_thread::sleep_for(milliseconds(50));
  }
  return std::nullopt;
}

bool RunProcess::read_some(milliseconds patience) {
  if (out_fd_ < 0) return false;
  pollfd fd{out_fd_, POLLIN, 0};
  const int ready = poll(&fd, 1, static_cast<int>(patience.count()));
  if (ready == 0) return patience.count() > 0;  // nothing yet (with no patience: done)
  char buffer[4096];
  const ssize_t n = read(out_fd_, buffer, sizeof buffer);
  if (n <= 0) {
    close_output();
    return false;
  }
  out_.append(buffer, static_cast<size_t>(n));
  return true;
}

}  // namespace faultline::testing
