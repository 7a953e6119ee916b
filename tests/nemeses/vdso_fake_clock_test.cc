// The replacement clock code (fake_clock.S) run in this very process, against
// the kernel's clocks, and the vDSO reader on this process's own vDSO.
#include <gtest/gtest.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/time.h>

#include <cstring>
#include <ctime>
#include <fstream>
#include <random>

#include "nemeses/vdso_clock/fake_clock.h"
#include "nemeses/vdso_clock/vdso_symbols.h"

namespace faultline::vdso_clock {
namespace {

int64_t ns_of(const timespec& ts) {
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
int64_t now_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return ns_of(ts);
}

// The code copied into executable memory of this process, as it is into a target.
class LoadedCode {
 public:
  explicit LoadedCode(const ClockSettings& settings) {
    memory_ = mmap(nullptr, kPageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    std::vector<uint8_t> code = fake_clock_code();
    std::vector<uint8_t> encoded = encode_settings(settings);
    std::copy(encoded.begin(), encoded.end(), code.begin() + kSettingsOffset);
    std::memcpy(memory_, code.data(), code.size());
    mprotect(memory_, kPageSize, PROT_READ | PROT_EXEC);
  }
  ~LoadedCode() { munmap(memory_, kPageSize); }
  int clock_gettime(clockid_t clock, timespec* ts) const {
    return reinterpret_cast<int (*)(clockid_t, timespec*)>(at(clock_gettime_entry()))(clock, ts);
  }
  int gettimeofday(timeval* tv) const {
    return reinterpret_cast<int (*)(timeval*, void*)>(at(gettimeofday_entry()))(tv, nullptr);
  }
  time_t time(time_t* out) const {
    return reinterpret_cast<time_t (*)(time_t*)>(at(time_entry()))(out);
  }
  // The offset `clock` shows now, against the kernel's, in ns.
  int64_t offset(clockid_t clock) const {
    timespec ts{};
    const int64_t before = now_ns(clock);
    EXPECT_EQ(clock_gettime(clock, &ts), 0);
    const int64_t after = now_ns(clock);
    return ns_of(ts) - (before + after) / 2;
  }

 private:
  void* at(size_t offset) const { return static_cast<uint8_t*>(memory_) + offset; }
  void* memory_;
};

constexpr int64_t kMs = 1'000'000;

ClockSettings realtime_offset(int64_t ns) {
  ClockSettings s;
  s.flags = kRealtimeClocks;
  s.base_ns = ns;
  return s;
}

TEST(FakeClock, ARealtimeOffsetMovesOnlyTheWallClocks) {
  LoadedCode code(realtime_offset(5000 * kMs));
  for (clockid_t wall : {CLOCK_REALTIME, CLOCK_REALTIME_COARSE, CLOCK_TAI})
    EXPECT_NEAR(code.offset(wall), 5000 * kMs, 20 * kMs) << wall;
  for (clockid_t steady : {CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW, CLOCK_BOOTTIME})
    EXPECT_NEAR(code.offset(steady), 0, 20 * kMs) << steady;
}

TEST(FakeClock, AMonotonicOffsetMovesTheSteadyClocksToo) {
  ClockSettings s = realtime_offset(-2500 * kMs);
  s.flags |= kMonotonicClocks;
  LoadedCode code(s);
  for (clockid_t clock : {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME})
    EXPECT_NEAR(code.offset(clock), -2500 * kMs, 20 * kMs) << clock;
}

TEST(FakeClock, NegativeAndSubSecondOffsetsCarryIntoTheSeconds) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> any(-3'000'000'000'000, 3'000'000'000'000);
  for (int i = 0; i < 200; ++i) {
    const int64_t offset = any(rng);
    LoadedCode code(realtime_offset(offset));
    timespec ts{};
    ASSERT_EQ(code.clock_gettime(CLOCK_REALTIME, &ts), 0);
    EXPECT_GE(ts.tv_nsec, 0);
    EXPECT_LT(ts.tv_nsec, 1'000'000'000);
    EXPECT_NEAR(ns_of(ts) - now_ns(CLOCK_REALTIME), offset, 20 * kMs);
  }
}

TEST(FakeClock, GettimeofdayAndTimeFollowTheWallClock) {
  LoadedCode code(realtime_offset(-7200'000 * kMs - 250 * kMs));
  timeval tv{};
  ASSERT_EQ(code.gettimeofday(&tv), 0);
  EXPECT_LT(tv.tv_usec, 1'000'000);
  const int64_t seen = static_cast<int64_t>(tv.tv_sec) * 1'000'000'000 + tv.tv_usec * 1000;
  EXPECT_NEAR(seen - now_ns(CLOCK_REALTIME), -7200'250 * kMs, 20 * kMs);
  time_t stored = 0;
  const time_t returned = code.time(&stored);
  EXPECT_EQ(returned, stored);
  EXPECT_NEAR(static_cast<double>(returned), static_cast<double>(::time(nullptr) - 7200), 2);
}

TEST(FakeClock, OtherClocksAndBadIdsAreTheKernelsAnswer) {
  LoadedCode code(realtime_offset(60'000 * kMs));
  timespec ts{};
  EXPECT_EQ(code.clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts), 0);
  EXPECT_LT(ns_of(ts), now_ns(CLOCK_PROCESS_CPUTIME_ID) + 1);
  EXPECT_EQ(code.clock_gettime(9999, &ts), -EINVAL);  // the raw system call's answer, as the vDSO's
}

TEST(FakeClock, ADriftGrowsAtItsRate) {
  ClockSettings s = realtime_offset(0);
  s.drift_ppb = 500'000'000;  // +50%: the clock runs 1.5 times as fast
  s.drift_t0_ns = now_ns(CLOCK_MONOTONIC) - 2000 * kMs;
  LoadedCode code(s);
  EXPECT_NEAR(code.offset(CLOCK_REALTIME), 1000 * kMs, 20 * kMs);
  EXPECT_EQ(offset_at(s, s.drift_t0_ns + 2000 * kMs), 1000 * kMs);
}

TEST(FakeClock, AStrobeAddsItsDeltaInEvenPeriodsOnlyAndEndsAtTheBase) {
  const int64_t now = now_ns(CLOCK_MONOTONIC);
  ClockSettings s = realtime_offset(100 * kMs);
  s.strobe_delta_ns = 3000 * kMs;
  s.strobe_period_ns = 10'000 * kMs;
  s.strobe_start_ns = now - 1000 * kMs;  // one second into period 0
  s.strobe_end_ns = now + 60'000 * kMs;
  EXPECT_NEAR(LoadedCode(s).offset(CLOCK_REALTIME), 3100 * kMs, 20 * kMs);
  s.strobe_start_ns = now - 11'000 * kMs;  // period 1
  EXPECT_NEAR(LoadedCode(s).offset(CLOCK_REALTIME), 100 * kMs, 20 * kMs);
  s.strobe_start_ns = now - 21'000 * kMs;  // period 2
  EXPECT_NEAR(LoadedCode(s).offset(CLOCK_REALTIME), 3100 * kMs, 20 * kMs);
  s.strobe_end_ns = now - 1;  // over
  EXPECT_NEAR(LoadedCode(s).offset(CLOCK_REALTIME), 100 * kMs, 20 * kMs);
  EXPECT_EQ(offset_at(s, now), 100 * kMs);
  EXPECT_EQ(offset_at(s, now - 20'000 * kMs), 3100 * kMs);
}

TEST(FakeClock, NoFlagsMeansTrueTime) {
  ClockSettings s;
  s.base_ns = 9000 * kMs;
  LoadedCode code(s);
  EXPECT_NEAR(code.offset(CLOCK_REALTIME), 0, 20 * kMs);
}

TEST(FakeClock, TheJumpIsMovabsRaxThenJmpRax) {
  std::vector<uint8_t> jump = jump_to(0x1122334455667788);
  ASSERT_EQ(jump.size(), kJumpSize);
  EXPECT_EQ(jump, (std::vector<uint8_t>{0x48, 0xB8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
                                        0xFF, 0xE0}));
  ClockSettings s{3, -1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(decode_settings(encode_settings(s).data()), s);
}

std::vector<uint8_t> own_vdso() {
  std::ifstream maps("/proc/self/maps");
  for (std::string line; std::getline(maps, line);) {
    if (line.find("[vdso]") == std::string::npos) continue;
    unsigned long begin = 0, end = 0;
    std::sscanf(line.c_str(), "%lx-%lx", &begin, &end);
    const auto* start = reinterpret_cast<const uint8_t*>(begin);
    return {start, start + (end - begin)};
  }
  return {};
}

TEST(VdsoSymbols, FindsTheClockFunctionsOfThisProcessWhereLibcCallsThem) {
  std::vector<uint8_t> image = own_vdso();
  ASSERT_FALSE(image.empty());
  VdsoScan scan = find_vdso_functions(image, clock_function_names());
  ASSERT_EQ(scan.error, "");
  const auto base = getauxval(AT_SYSINFO_EHDR);
  bool found = false;
  for (const VdsoFunction& f : scan.functions) {
    EXPECT_GE(f.size, kJumpSize) << f.name;
    if (f.name != "__vdso_clock_gettime") continue;
    found = true;
    using Gettime = int (*)(clockid_t, timespec*);
    timespec ts{};
    ASSERT_EQ(reinterpret_cast<Gettime>(base + f.offset)(CLOCK_REALTIME, &ts), 0);
    EXPECT_NEAR(static_cast<double>(ns_of(ts)), static_cast<double>(now_ns(CLOCK_REALTIME)), 1e8);
  }
  EXPECT_TRUE(found);
}

TEST(VdsoSymbols, CutOrDamagedImagesAreErrorsNotCrashes) {
  std::vector<uint8_t> image = own_vdso();
  for (size_t cut : {size_t{0}, size_t{10}, size_t{64}, image.size() / 2, image.size() - 1}) {
    std::vector<uint8_t> part(image.begin(), image.begin() + static_cast<long>(cut));
    VdsoScan scan = find_vdso_functions(part, clock_function_names());
    if (scan.error.empty()) {
      EXPECT_FALSE(scan.functions.empty());
    }
  }
  std::mt19937 rng(3);
  for (int i = 0; i < 2000; ++i) {
    std::vector<uint8_t> damaged = image;
    for (int j = 0; j < 8; ++j) damaged[rng() % 256] = static_cast<uint8_t>(rng());  // the headers
    VdsoScan scan = find_vdso_functions(damaged, clock_function_names());
    for (const VdsoFunction& f : scan.functions) EXPECT_LE(f.offset + f.size, damaged.size());
  }
  EXPECT_NE(find_vdso_functions({'x'}, clock_function_names()).error, "");
}

}  // namespace
}  // namespace faultline::vdso_clock
