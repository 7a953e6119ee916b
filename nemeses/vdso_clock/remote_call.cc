#include "nemeses/vdso_clock/remote_call.h"

#include <vector>

namespace faultline::vdso_clock {
namespace {

// Restores a thread's registers when it goes out of scope.
class SavedRegisters {
 public:
  SavedRegisters(Tracee& tracee, pid_t thread) : tracee_(tracee), thread_(thread) {}
  bool save(Failure* failure) { return saved_ = tracee_.registers(thread_, &regs_, failure); }
  const user_regs_struct& regs() const { return regs_; }
  ~SavedRegisters() {
    Failure ignored;
    if (saved_) tracee_.set_registers(thread_, regs_, &ignored);
  }

 private:
  Tracee& tracee_;
  pid_t thread_;
  user_regs_struct regs_{};
  bool saved_ = false;
};

// Runs `regs` in `thread` until it traps and gives rax then.
bool run(Tracee& tracee, pid_t thread, user_regs_struct regs, bool single_step, int64_t* result,
         Failure* failure) {
  // Not a system call in progress any more: the kernel must not restart one
  // on resume (it would, for a thread stopped inside a blocking call).
  regs.orig_rax = static_cast<uint64_t>(-1);
  if (!tracee.set_registers(thread, regs, failure)) return false;
  if (!tracee.run_until_trap(thread, single_step, failure)) return false;
  user_regs_struct after;
  if (!tracee.registers(thread, &after, failure)) return false;
  *result = static_cast<int64_t>(after.rax);
  return true;
}

}  // namespace

bool remote_syscall(Tracee& tracee, long number, const uint64_t (&args)[6], int64_t* result,
                    Failure* failure) {
  const pid_t thread = tracee.threads().front();
  SavedRegisters saved(tracee, thread);
  if (!saved.save(failure)) return false;
  // Two bytes at the thread's own instruction pointer become `syscall` for
  // one step, then get their old contents back.
  const uint64_t at = saved.regs().rip;
  std::vector<uint8_t> original;
  if (!tracee.read(at, 2, &original, failure)) return false;
  if (!tracee.write(at, {0x0F, 0x05}, failure)) return false;
  user_regs_struct regs = saved.regs();
  regs.rip = at;
  regs.rax = static_cast<uint64_t>(number);
  regs.rdi = args[0];
  regs.rsi = args[1];
  regs.rdx = args[2];
  regs.r10 = args[3];
  regs.r8 = args[4];
  regs.r9 = args[5];
  const bool ran = run(tracee, thread, regs, true, result, failure);
  Failure restore_failure;
  if (!tracee.write(at, original, &restore_failure) && ran) {
    *failure = restore_failure;
    return false;
  }
  return ran;
}

bool remote_call(Tracee& tracee, uint64_t function, uint64_t a0, uint64_t a1, uint64_t stack_top,
                 uint64_t trap_address, int64_t* result, Failure* failure) {
  const pid_t thread = tracee.threads().front();
  SavedRegisters saved(tracee, thread);
  if (!saved.save(failure)) return false;
  user_regs_struct regs = saved.regs();
  regs.rsp = (stack_top & ~uint64_t{15}) - 8;  // as after a call: the return address below
  std::vector<uint8_t> return_address(8);
  for (int i = 0; i < 8; ++i) return_address[i] = static_cast<uint8_t>(trap_address >> (8 * i));
  if (!tracee.write(regs.rsp, return_address, failure)) return false;
  regs.rip = function;
  regs.rdi = a0;
  regs.rsi = a1;
  regs.rax = 0;
  return run(tracee, thread, regs, false, result, failure);
}

}  // namespace faultline::vdso_clock
