// A process held still under ptrace: every thread attached (PTRACE_SEIZE)
// and stopped (PTRACE_INTERRUPT) on attach(), all detached again when the
// Tracee is destroyed, on every path. While held, its memory is read and
// written through /proc/PID/mem (which, as for a debugger, may write into
// read-only code) and its threads' registers can be read and changed.
//
// Signals that arrive while the process is held are kept and delivered on
// detach, so holding it loses none (Go's preemption signal among them).
// One Tracee per process at a time; not thread-safe.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace faultline::vdso_clock {

// An error of the vdso_clock layer: what failed, in words.
struct Failure {
  std::string what;
};

class Tracee {
 public:
  // Fails when the process does not exist or cannot be traced (not root, or
  // already traced by a debugger).
  static std::unique_ptr<Tracee> attach(pid_t pid, Failure* failure);
  ~Tracee();
  Tracee(const Tracee&) = delete;
  Tracee& operator=(const Tracee&) = delete;

  pid_t pid() const { return pid_; }
  // The thread ids, main thread first when it is alive.
  const std::vector<pid_t>& threads() const { return threads_; }

  bool read(uint64_t address, size_t size, std::vector<uint8_t>* out, Failure* failure) const;
  bool write(uint64_t address, const std::vector<uint8_t>& bytes, Failure* failure) const;
  bool registers(pid_t thread, user_regs_struct* regs, Failure* failure) const;
  bool set_registers(pid_t thread, const user_regs_struct& regs, Failure* failure) const;

  // Resumes `thread` (one instruction when `single_step`) and waits until it
  // stops with SIGTRAP. Other signals it gets meanwhile are kept for detach.
  bool run_until_trap(pid_t thread, bool single_step, Failure* failure);

  // Single-steps every thread whose instruction pointer is in [begin, end)
  // until it is outside, so code there can be replaced safely.
  bool step_out_of(uint64_t begin, uint64_t end, Failure* failure);

 private:
  explicit Tracee(pid_t pid);
  bool seize_all(Failure* failure);
  bool seize(pid_t thread, Failure* failure);

  pid_t pid_;
  int mem_fd_ = -1;
  bool was_stopped_ = false;  // group-stopped (SIGSTOP) before we came: stopped again after
  std::vector<pid_t> threads_;
  std::map<pid_t, std::vector<int>> kept_signals_;
};

// The process's threads as /proc/PID/task lists them now.
std::vector<pid_t> list_threads(pid_t pid);
// The process's state letter from /proc/PID/stat ('R', 'S', 'T', ...), or 0.
char process_state(pid_t pid);
// The process's start time (clock ticks since boot; /proc/PID/stat field 22),
// which tells a process from a later one given the same pid; 0 when gone.
uint64_t start_time(pid_t pid);
// The address range of the process's [vdso] mapping, from /proc/PID/maps.
bool vdso_range(pid_t pid, uint64_t* begin, uint64_t* end, Failure* failure);

}  // namespace faultline::vdso_clock
