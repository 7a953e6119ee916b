// Moving one process's clocks: the vDSO's clock functions are redirected to
// faultline's replacement (fake_clock.h), whose settings then say the offset.
// Works for any program that reads the clock through the vDSO or by system
// call (libc programs, Go programs, the JVM), without restarting it: the
// approach of Chaos Mesh's TimeChaos. Every thread sees the change at once:
// they share the patched memory.
//
// All functions take a held process (tracee.h); callers hold it only for
// the call, so the process pauses for a few milliseconds.
#pragma once

#include <time.h>

#include <cstdint>
#include <vector>

#include "nemeses/vdso_clock/fake_clock.h"
#include "nemeses/vdso_clock/tracee.h"

namespace faultline::vdso_clock {

// A clock function of the process's vDSO, at its address in the process.
struct PatchPoint {
  std::string name;
  uint64_t address = 0;
  uint64_t size = 0;
};
bool find_patch_points(const Tracee& tracee, std::vector<PatchPoint>* points, Failure* failure);

// The address of faultline's block in the process, or 0 when the process is
// not patched (its vDSO's clock_gettime does not jump to a block of ours).
bool installed_block(const Tracee& tracee, const std::vector<PatchPoint>& points, uint64_t* block,
                     Failure* failure);

// Patches the process (if it is not already) and sets the offsets. Threads
// inside the code being replaced are first stepped out of it.
bool apply_settings(Tracee& tracee, const ClockSettings& settings, uint64_t* block,
                    Failure* failure);

// Puts the vDSO's own code back and unmaps the block: the process reads
// true time again, as fast as before. Nothing to do for a process that is not
// patched (*was_patched is then false).
bool remove_patch(Tracee& tracee, bool* was_patched, Failure* failure);

// The process's own `clock` (CLOCK_REALTIME, CLOCK_MONOTONIC, ...) in ns,
// read by calling its (patched) vDSO clock_gettime in its first thread.
bool read_inside(Tracee& tracee, uint64_t block, const std::vector<PatchPoint>& points,
                 clockid_t clock, int64_t* ns, Failure* failure);

}  // namespace faultline::vdso_clock
