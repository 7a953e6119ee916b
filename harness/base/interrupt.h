// Turns Ctrl-C (SIGINT), SIGTERM, SIGHUP (a closed terminal, a dropped ssh
// session) and SIGQUIT (Ctrl-\) into a stop request, so a run can heal its
// faults, record what happened and exit, instead of dying with faults still
// in place.
//
// While an InterruptGuard is alive, those four signals are blocked and read
// from a signalfd by a thread of the guard's own:
//   1st signal: stop_token() is stopped (stop callbacks run on that thread);
//   2nd: a message says healing goes on and a third signal exits at once;
//   3rd: force_exit runs (by default: a message naming `faultline heal`, then
//        _Exit(128 + signal)).
// SIGPIPE gets a handler that does nothing, so a write to a closed pipe (such
// as `faultline run ... | head` once head has exited) fails with EPIPE instead
// of killing the process; it is not a stop request (the run goes on, and
// heals and stores as usual). The previous action is restored at the end;
// exec resets a handler, so child processes get the default action.
// The only process-wide state touched is the signal mask and SIGPIPE's
// action. Construct the guard
// in main before starting any thread: threads inherit the mask, and a thread
// started earlier would still take the default action (termination). Signals
// sent to one thread (raise(), pthread_kill) are not seen; kill(), a
// terminal's Ctrl-C and `kill PID` are. One guard per process at a time.
#pragma once

#include <signal.h>

#include <atomic>
#include <functional>
#include <stop_token>
#include <string>
#include <thread>

namespace faultline {

struct InterruptOptions {
  // Called on the guard's thread for each signal, with the signal and how
  // many have come so far (1, 2, ...). Default: a message on stderr.
  std::function<void(int signal, int count)> on_signal;
  // Called on the guard's thread for the `force_after`-th signal. Default:
  // a message on stderr, then _Exit(128 + signal).
  std::function<void(int signal)> force_exit;
  int force_after = 3;
};

class InterruptGuard {
 public:
  // Throws std::system_error if the signalfd or the thread cannot be made.
  explicit InterruptGuard(InterruptOptions options = {});
  ~InterruptGuard();  // restores the signal mask and SIGPIPE; pending stop signals are dropped
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  std::stop_token stop_token() const { return stop_.get_token(); }
  bool interrupted() const { return count_.load() > 0; }
  int signal_count() const { return count_.load(); }
  // 128 + the first signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP, 131 SIGQUIT); 0 if none came.
  int exit_code() const;
  int first_signal() const { return first_signal_.load(); }

  // The signals the guard turns into a stop request.
  static sigset_t stop_signals();

 private:
  void watch();
  void handle(int signal);

  InterruptOptions options_;
  std::stop_source stop_;
  std::atomic<int> count_{0};
  std::atomic<int> first_signal_{0};
  sigset_t previous_mask_;
  struct sigaction previous_sigpipe_ {};
  int signal_fd_ = -1;  // owned
  int wake_fd_ = -1;    // owned (eventfd): tells the thread to end
  std::thread thread_;
};

}  // namespace faultline
