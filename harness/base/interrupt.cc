#include "harness/base/interrupt.h"

#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <system_error>

namespace faultline {
namespace {

// What the person did, in words.
const char* signal_words(int signal) {
  switch (signal) {
    case SIGINT:
      return "interrupted";
    case SIGHUP:
      return "hung up (SIGHUP)";
    case SIGQUIT:
      return "quit (SIGQUIT)";
    default:
      return "terminated";
  }
}

void ignore_signal(int) {}

void default_on_signal(int signal, int count) {
  const char* name = signal_words(signal);
  if (count == 1) {
    std::cerr << "\nfaultline: " << name << ": stopping and healing every fault; "
              << "this may take a few seconds\n";
  } else if (count == 2) {
    std::cerr << "\nfaultline: still healing; signal again to exit at once "
              << "(faults may stay: run `faultline heal --nodes-file ...` afterwards)\n";
  }
}

void default_force_exit(int signal) {
  std::cerr << "\nfaultline: exiting at once; faults may still be in place: "
            << "run `faultline heal --nodes-file ...`\n";
  std::_Exit(128 + signal);
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

sigset_t InterruptGuard::stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  for (int signal : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&set, signal);
  return set;
}

InterruptGuard::InterruptGuard(InterruptOptions options) : options_(std::move(options)) {
  if (!options_.on_signal) options_.on_signal = default_on_signal;
  if (!options_.force_exit) options_.force_exit = default_force_exit;
  const sigset_t signals = stop_signals();
  // Block first: from here on the signals wait for the signalfd.
  if (int error = pthread_sigmask(SIG_BLOCK, &signals, &previous_mask_); error != 0) {
    throw std::system_error(error, std::generic_category(), "pthread_sigmask");
  }
  signal_fd_ = signalfd(-1, &signals, SFD_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_CLOEXEC);
  if (signal_fd_ < 0 || wake_fd_ < 0) {
    const int error = errno;
    close_fd(signal_fd_);
    close_fd(wake_fd_);
    pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
    throw std::system_error(error, std::generic_category(), "signalfd/eventfd");
  }
  // A handler, not SIG_IGN: exec resets handlers, so children still die of a closed pipe.
  struct sigaction on_pipe {};
  on_pipe.sa_handler = ignore_signal;
  sigemptyset(&on_pipe.sa_mask);
  on_pipe.sa_flags = SA_RESTART;
  sigaction(SIGPIPE, &on_pipe, &previous_sigpipe_);
  thread_ = std::thread([this] { watch(); });
}

InterruptGuard::~InterruptGuard() {
  const uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
  thread_.join();
  // Drop signals that came after the thread's last read, so unblocking them
  // below does not kill the process after it decided to exit cleanly.
  const sigset_t signals = stop_signals();
  const timespec no_wait{0, 0};
  while (sigtimedwait(&signals, nullptr, &no_wait) > 0) {
  }
  close_fd(signal_fd_);
  close_fd(wake_fd_);
  sigaction(SIGPIPE, &previous_sigpipe_, nullptr);
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

int InterruptGuard::exit_code() const {
  const int signal = first_signal_.load();
  return signal == 0 ? 0 : 128 + signal;
}

void InterruptGuard::watch() {
  pollfd fds[2] = {{signal_fd_, POLLIN, 0}, {wake_fd_, POLLIN, 0}};
  for (;;) {
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    signalfd_siginfo info{};
    if (::read(signal_fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
      handle(static_cast<int>(info.ssi_signo));
    }
  }
}

void InterruptGuard::handle(int signal) {
  const int count = ++count_;
  if (count == 1) first_signal_ = signal;
  options_.on_signal(signal, count);
  if (count == 1) stop_.request_stop();
  if (count == options_.force_after) options_.force_exit(signal);
}

}  // namespace faultline
