// Runs one benchmark case in a child process of its own, so that its peak
// memory (the child's max RSS) is its own and a crash or an out-of-memory
// kill loses only that case. The case reports back a small plain struct
// through a pipe.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <type_traits>

namespace faultline::bench {

template <class Report>
struct ChildRun {
  Report report{};
  double peak_mib = 0;  // the child's peak RSS
  bool ok = false;      // the child reported back
};

template <class Report>
ChildRun<Report> run_in_child(const std::function<Report()>& body) {
  static_assert(std::is_trivially_copyable_v<Report>, "a Report crosses a pipe as bytes");
  int fds[2];
  if (pipe(fds) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Report r = body();
    ssize_t written = write(fds[1], &r, sizeof r);
    _exit(written == sizeof r ? 0 : 1);
  }
  close(fds[1]);
  ChildRun<Report> run;
  run.ok = read(fds[0], &run.report, sizeof run.report) == sizeof run.report;
  close(fds[0]);
  int status = 0;
  struct rusage usage {};
  wait4(pid, &status, 0, &usage);
  run.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return run;
}

}  // namespace faultline::bench
