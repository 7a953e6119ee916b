#include "nemeses/vdso_clock/fake_clock.h"

#include <cstring>
#include <stdexcept>

extern "C" {
extern const uint8_t faultline_fake_clock_start[];
extern const uint8_t faultline_fake_clock_end[];
extern const uint8_t faultline_fake_clock_trap[];
extern const uint8_t faultline_fake_clock_gettime[];
extern const uint8_t faultline_fake_gettimeofday[];
extern const uint8_t faultline_fake_time[];
}

namespace faultline::vdso_clock {
namespace {

size_t offset_of(const uint8_t* symbol) {
  return static_cast<size_t>(symbol - faultline_fake_clock_start);
}

}  // namespace

std::vector<uint8_t> fake_clock_code() {
  return {faultline_fake_clock_start, faultline_fake_clock_end};
}

size_t clock_gettime_entry() { return offset_of(faultline_fake_clock_gettime); }
size_t gettimeofday_entry() { return offset_of(faultline_fake_gettimeofday); }
size_t time_entry() { return offset_of(faultline_fake_time); }
size_t trap_offset() { return offset_of(faultline_fake_clock_trap); }

size_t entry_for(const std::string& vdso_name) {
  if (vdso_name == "__vdso_clock_gettime") return clock_gettime_entry();
  if (vdso_name == "__vdso_gettimeofday") return gettimeofday_entry();
  if (vdso_name == "__vdso_time") return time_entry();
  throw std::logic_error("no replacement for " + vdso_name);
}

std::vector<uint8_t> encode_settings(const ClockSettings& s) {
  const int64_t words[8] = {static_cast<int64_t>(s.flags),
                            s.base_ns,
                            s.drift_ppb,
                            s.drift_t0_ns,
                            s.strobe_delta_ns,
                            s.strobe_period_ns,
                            s.strobe_start_ns,
                            s.strobe_end_ns};
  std::vector<uint8_t> out(sizeof words);
  std::memcpy(out.data(), words, sizeof words);  // x86-64 only: little-endian as the code reads
  return out;
}

ClockSettings decode_settings(const uint8_t* bytes) {
  int64_t w[8];
  std::memcpy(w, bytes, sizeof w);
  return {static_cast<uint64_t>(w[0]), w[1], w[2], w[3], w[4], w[5], w[6], w[7]};
}

int64_t offset_at(const ClockSettings& s, int64_t now_ns) {
  int64_t offset = s.base_ns;
  if (s.drift_ppb != 0)
    offset += static_cast<int64_t>(static_cast<__int128>(s.drift_ppb) * (now_ns - s.drift_t0_ns) /
                                   1'000'000'000);
  if (s.strobe_period_ns > 0 && now_ns < s.strobe_end_ns && now_ns >= s.strobe_start_ns &&
      ((now_ns - s.strobe_start_ns) / s.strobe_period_ns) % 2 == 0)
    offset += s.strobe_delta_ns;
  return offset;
}

std::vector<uint8_t> jump_to(uint64_t target) {
  std::vector<uint8_t> out = {0x48, 0xB8};  // movabs rax, imm64
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(target >> (8 * i)));
  out.push_back(0xFF);  // jmp rax
  out.push_back(0xE0);
  return out;
}

}  // namespace faultline::vdso_clock
