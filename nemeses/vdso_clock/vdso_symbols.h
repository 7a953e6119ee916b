// Finds the clock functions in a process's vDSO: the small ELF image the
// kernel maps into every process ([vdso] in /proc/PID/maps), through which
// libc and Go read the clock without a system call. Pure: it reads an image
// already copied out of the process, so it is tested on the test's own vDSO.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace faultline::vdso_clock {

struct VdsoFunction {
  std::string name;     // e.g. "__vdso_clock_gettime"
  uint64_t offset = 0;  // from the start of the image
  uint64_t size = 0;    // bytes of code
};

// The dynamic symbols of an x86-64 ELF shared object image whose names are
// in `wanted`, or an error that says what in the image is not as expected.
// Bounds-checked throughout: any bytes give a result or an error.
struct VdsoScan {
  std::vector<VdsoFunction> functions;
  std::string error;
};
VdsoScan find_vdso_functions(const std::vector<uint8_t>& image,
                             const std::vector<std::string>& wanted);

// The names faultline redirects (the 64-bit x86 vDSO's time functions).
const std::vector<std::string>& clock_function_names();

}  // namespace faultline::vdso_clock
