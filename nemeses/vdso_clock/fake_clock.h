// The replacement clock code (fake_clock.S) as bytes to copy into a target
// process, and the layout of the settings block at its start. The controller
// changes a fault by writing the settings block; the code reads it on every
// call, so no thread has to stop for the change to take effect.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace faultline::vdso_clock {

// Which clocks an offset moves.
inline constexpr uint64_t kRealtimeClocks = 1;   // REALTIME, REALTIME_COARSE, TAI, ...
inline constexpr uint64_t kMonotonicClocks = 2;  // MONOTONIC, MONOTONIC_RAW, BOOTTIME, ...

// The settings, as the code reads them: offset(now) = base
//   + drift_ppb * (now - drift_t0) / 1e9
//   + strobe_delta while now is in [strobe_start, strobe_end) and an even
//     number of strobe periods has passed since strobe_start,
// where now is the true CLOCK_MONOTONIC in ns.
struct ClockSettings {
  uint64_t flags = 0;
  int64_t base_ns = 0;
  int64_t drift_ppb = 0;
  int64_t drift_t0_ns = 0;
  int64_t strobe_delta_ns = 0;
  int64_t strobe_period_ns = 0;
  int64_t strobe_start_ns = 0;
  int64_t strobe_end_ns = 0;
  bool operator==(const ClockSettings&) const = default;
};

// The offset the code gives at true CLOCK_MONOTONIC `now_ns`: what
// fake_clock.S computes, for the controller's checks.
int64_t offset_at(const ClockSettings& settings, int64_t now_ns);

// One redirected vDSO function: where it is and the bytes the jump replaced.
struct SavedEntry {
  uint64_t address = 0;
  uint8_t bytes[16] = {};
};

// Byte offsets in the block.
inline constexpr size_t kMagicOffset = 0;
inline constexpr size_t kSettingsOffset = 8;
inline constexpr size_t kSavedOffset = 72;
inline constexpr size_t kSavedCount = 3;
inline constexpr char kMagic[] = "FLCLOCK1";  // 8 bytes, without its NUL

// The code and its block, as built into this program.
std::vector<uint8_t> fake_clock_code();
// In the target the code gets one page (read and execute) and a second page
// (read and write) follows it: the stack and the result of the controller's
// own calls, which return to the trap (an int3).
inline constexpr uint64_t kPageSize = 4096;
inline constexpr uint64_t kBlockSize = 2 * kPageSize;
// Offsets in fake_clock_code() of its entry points and of the trap.
size_t clock_gettime_entry();
size_t gettimeofday_entry();
size_t time_entry();
size_t trap_offset();
// The replacement for a vDSO function by name (clock_function_names()).
size_t entry_for(const std::string& vdso_name);

// The settings as the block stores them (8 little-endian words).
std::vector<uint8_t> encode_settings(const ClockSettings& settings);
ClockSettings decode_settings(const uint8_t* bytes);

// The 12 bytes placed at a vDSO function's entry: movabs rax, target; jmp rax.
std::vector<uint8_t> jump_to(uint64_t target);
inline constexpr size_t kJumpSize = 12;

}  // namespace faultline::vdso_clock
