// Running code inside a held process (tracee.h): one system call, or a call
// of a function in its address space. The chosen thread's registers are
// saved first and restored after, whatever happens in between, so the
// thread resumes exactly where it was stopped (an interrupted system call is
// restarted as if nothing had happened).
#pragma once

#include <cstdint>

#include "nemeses/vdso_clock/tracee.h"

namespace faultline::vdso_clock {

// Runs system call `number` with up to six arguments in the process's first
// thread and gives its result (a negative errno on failure) in *result.
bool remote_syscall(Tracee& tracee, long number, const uint64_t (&args)[6], int64_t* result,
                    Failure* failure);

// Calls function(a0, a1) in the process's first thread on the given stack
// (its top, 16-byte aligned), returning to `trap_address` (an int3), and
// gives its return value.
bool remote_call(Tracee& tracee, uint64_t function, uint64_t a0, uint64_t a1, uint64_t stack_top,
                 uint64_t trap_address, int64_t* result, Failure* failure);

}  // namespace faultline::vdso_clock
