// faultline-clock's work on a real process: a child of the test with several
// threads that keep reading their clocks into shared memory, moved, read
// back and put back through ptrace, as the nemesis does to a database.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "nemeses/vdso_clock/clock_service.h"
#include "nemeses/vdso_clock/process_finder.h"
#include "nemeses/vdso_clock/tracee.h"

namespace faultline::vdso_clock {
namespace {

constexpr int kThreads = 4;
constexpr int64_t kMs = 1'000'000;

int64_t now_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// What each thread of the child last read: {realtime, monotonic} in ns.
struct Shared {
  std::atomic<int64_t> clocks[kThreads][2];
};

// A child process whose threads read the clock in a loop, killed on scope exit.
class ClockReader {
 public:
  ClockReader() {
    void* memory =
        mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    shared_ = new (memory) Shared{};
    pid_ = fork();
    if (pid_ == 0) run();
    // Ready when every thread has written once.
    for (int i = 0; i < 500 && !all_written(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ~ClockReader() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    munmap(shared_, sizeof(Shared));
  }
  pid_t pid() const { return pid_; }
  bool all_written(int which = 0) const {
    for (auto& c : shared_->clocks)
      if (c[which].load() == 0) return false;
    return true;
  }
  // Each thread's offset from this process's clock, after fresh readings.
  std::vector<int64_t> offsets(int which) const {
    for (auto& c : shared_->clocks) c[which].store(0);
    for (int i = 0; i < 1000 && !all_written(which); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const int64_t mine = now_ns(which == 0 ? CLOCK_REALTIME : CLOCK_MONOTONIC);
    std::vector<int64_t> out;
    for (auto& c : shared_->clocks) out.push_back(c[which].load() - mine);
    return out;
  }

 private:
  [[noreturn]] void run() {
    for (int t = 1; t < kThreads; ++t) std::thread([this, t] { loop(t); }).detach();
    loop(0);
  }
  [[noreturn]] void loop(int t) {
    for (;;) {
      shared_->clocks[t][0].store(now_ns(CLOCK_REALTIME));
      shared_->clocks[t][1].store(now_ns(CLOCK_MONOTONIC));
      usleep(200);
    }
  }
  Shared* shared_;
  pid_t pid_;
};

nlohmann::json one(const std::vector<std::string>& args) {
  ParsedRequest parsed = parse_request(args);
  EXPECT_EQ(parsed.error, "");
  std::vector<std::string> lines = carry_out(parsed.request);
  EXPECT_EQ(lines.size(), 1u);
  return lines.empty() ? nlohmann::json() : nlohmann::json::parse(lines[0]);
}

void expect_offsets(const std::vector<int64_t>& seen, int64_t expected_ns) {
  // The child's last reading is at most a few ms old on a loaded machine.
  for (int64_t s : seen) EXPECT_NEAR(s, expected_ns, 100 * kMs);
}

TEST(VdsoClockProcess, ABumpReachesEveryThreadAndResetPutsTrueTimeBack) {
  ClockReader child;
  ASSERT_TRUE(child.all_written());
  const std::string pid = std::to_string(child.pid());
  nlohmann::json set = one({"set", "--pid", pid, "--bump-ms", "4000"});
  ASSERT_TRUE(set["ok"].get<bool>()) << set.dump();
  EXPECT_EQ(set["threads"], kThreads);
  EXPECT_NEAR(set["seen_offset_ms"]["realtime"].get<double>(), 4000, 1);
  expect_offsets(child.offsets(0), 4000 * kMs);
  expect_offsets(child.offsets(1), 0);  // the wall clock only, unless asked

  nlohmann::json again = one({"set", "--pid", pid, "--bump-ms", "-1500", "--monotonic"});
  ASSERT_TRUE(again["ok"].get<bool>()) << again.dump();
  expect_offsets(child.offsets(0), 2500 * kMs);
  expect_offsets(child.offsets(1), 2500 * kMs);

  nlohmann::json reset = one({"reset", "--pid", pid});
  ASSERT_TRUE(reset["ok"].get<bool>()) << reset.dump();
  EXPECT_TRUE(reset["was_patched"].get<bool>());
  expect_offsets(child.offsets(0), 0);
  expect_offsets(child.offsets(1), 0);
  nlohmann::json read = one({"read", "--pid", pid});
  EXPECT_FALSE(read["patched"].get<bool>());
}

TEST(VdsoClockProcess, AnOffsetIsAbsoluteAndADriftCarriesOnFromIt) {
  ClockReader child;
  const std::string pid = std::to_string(child.pid());
  ASSERT_TRUE(one({"set", "--pid", pid, "--offset-ms", "-60000"})["ok"].get<bool>());
  ASSERT_TRUE(one({"set", "--pid", pid, "--offset-ms", "-30000"})["ok"].get<bool>());
  expect_offsets(child.offsets(0), -30'000 * kMs);
  nlohmann::json drift = one({"set", "--pid", pid, "--drift-ppm", "200000"});  // +20%
  ASSERT_TRUE(drift["ok"].get<bool>()) << drift.dump();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  nlohmann::json read = one({"read", "--pid", pid});
  ASSERT_TRUE(read["ok"].get<bool>()) << read.dump();
  // About 100 ms gained in the half second slept (more if this test was slow;
  // a few ms less is the readings' own noise).
  EXPECT_GT(read["seen_offset_ms"]["realtime"].get<double>(), -30'000 + 90);
  EXPECT_EQ(read["settings"]["drift_ppm"], 200000.0);
  EXPECT_TRUE(one({"reset", "--pid", pid})["ok"].get<bool>());
}

TEST(VdsoClockProcess, APausedProcessStaysPausedAndHasTheOffsetWhenResumed) {
  ClockReader child;
  const std::string pid = std::to_string(child.pid());
  kill(child.pid(), SIGSTOP);
  for (int i = 0; i < 200 && process_state(child.pid()) != 'T'; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  nlohmann::json set = one({"set", "--pid", pid, "--bump-ms", "7000"});
  ASSERT_TRUE(set["ok"].get<bool>()) << set.dump();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(process_state(child.pid()), 'T');
  kill(child.pid(), SIGCONT);
  expect_offsets(child.offsets(0), 7000 * kMs);
}

TEST(VdsoClockProcess, TheLedgerLetsAResetFindEveryPatchedProcessButNotANewOneWithItsPid) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("vdso-ledger-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string ledger = (dir / "clock-patched").string();
  ClockReader a, b;
  for (pid_t p : {a.pid(), b.pid()})
    ASSERT_TRUE(
        one({"set", "--pid", std::to_string(p), "--bump-ms", "3000", "--ledger", ledger})["ok"]
            .get<bool>());
  std::vector<LedgerEntry> listed =
      parse_ledger((std::stringstream() << std::ifstream(ledger).rdbuf()).str());
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].start_time, start_time(a.pid()));
  // b's entry claims another start time: a different process with b's pid.
  listed[1].start_time += 1;
  std::ofstream(ledger) << format_ledger(listed);

  ParsedRequest reset = parse_request({"reset", "--ledger", ledger});
  std::vector<std::string> lines = carry_out(reset.request);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(lines[0])["pid"], a.pid());
  expect_offsets(a.offsets(0), 0);
  expect_offsets(b.offsets(0), 3000 * kMs);
  EXPECT_EQ((std::stringstream() << std::ifstream(ledger).rdbuf()).str(), "");
  EXPECT_TRUE(one({"reset", "--pid", std::to_string(b.pid())})["ok"].get<bool>());
  std::filesystem::remove_all(dir);
}

TEST(VdsoClockProcess, AProcessThatIsNotThereIsAnErrorThatSaysSo) {
  pid_t gone = fork();
  if (gone == 0) _exit(0);
  waitpid(gone, nullptr, 0);
  nlohmann::json set = one({"set", "--pid", std::to_string(gone), "--bump-ms", "1000"});
  EXPECT_FALSE(set["ok"].get<bool>());
  EXPECT_NE(set["error"].get<std::string>().find("not running"), std::string::npos) << set.dump();
}

TEST(ProcessFinder, FindsLiveProcessesByExactNameOrPidFileLikePgrep) {
  pid_t named = fork();
  if (named == 0) {
    prctl(PR_SET_NAME, "fl-find-test");
    pause();
    _exit(0);
  }
  pid_t zombie = fork();
  if (zombie == 0) {
    prctl(PR_SET_NAME, "fl-find-test");
    _exit(0);
  }
  std::vector<pid_t> found;
  for (int i = 0; i < 200; ++i) {  // until the child has its name and the other is a zombie
    found = processes_named("fl-find-test", true);
    if (found.size() == 1 && process_state(zombie) == 'Z') break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(found, std::vector<pid_t>{named});
  EXPECT_EQ(processes_named("fl-find-test", false), std::vector<pid_t>{named});
  EXPECT_TRUE(processes_named("fl-find-tes", false).empty()) << "exact names only";

  const std::string file = "/tmp/fl-find-test-" + std::to_string(getpid()) + ".pid";
  std::ofstream(file) << named << "\n";
  EXPECT_EQ(process_in_pid_file(file).pid, named);
  std::ofstream(file) << zombie << "\n";
  EXPECT_NE(process_in_pid_file(file).error.find("is running"), std::string::npos);
  std::ofstream(file) << "";
  EXPECT_NE(process_in_pid_file(file).error.find("(empty)"), std::string::npos);
  std::remove(file.c_str());
  EXPECT_NE(process_in_pid_file(file).error.find("does not exist"), std::string::npos);

  Request by_name = parse_request({"read", "--process", "fl-find-test", "--own-netns"}).request;
  EXPECT_EQ(find_processes(&by_name), "");
  EXPECT_EQ(by_name.pids, std::vector<pid_t>{named});
  Request none = parse_request({"read", "--process", "fl-not-there"}).request;
  EXPECT_EQ(find_processes(&none), "no process named fl-not-there is running");
  kill(named, SIGKILL);
  waitpid(named, nullptr, 0);
  waitpid(zombie, nullptr, 0);
}

TEST(ClockRequest, BadCommandLinesSayWhatIsWrong) {
  auto error = [](std::vector<std::string> args) { return parse_request(args).error; };
  EXPECT_EQ(error({"set", "--pid", "1", "--bump-ms", "5"}), "");
  EXPECT_NE(error({}), "");
  EXPECT_NE(error({"bump"}).find("set, reset or read"), std::string::npos);
  EXPECT_NE(error({"set", "--pid", "1"}).find("exactly one"), std::string::npos);
  EXPECT_NE(error({"set", "--pid", "1", "--bump-ms", "5", "--drift-ppm", "3"}).find("exactly one"),
            std::string::npos);
  EXPECT_NE(error({"set", "--pid", "x", "--bump-ms", "5"}).find("'x'"), std::string::npos);
  EXPECT_NE(error({"set", "--pid", "-4", "--bump-ms", "5"}), "");
  EXPECT_NE(error({"set", "--pid", "1", "--bump-ms"}).find("needs a value"), std::string::npos);
  EXPECT_NE(error({"set", "--pid", "1", "--drift-ppm", "2000000"}), "");
  EXPECT_NE(error({"reset"}).find("--pid or --ledger"), std::string::npos);
  EXPECT_NE(error({"read", "--pid", "1", "--bump-ms", "3"}), "");
  EXPECT_NE(error({"read", "--pid", "1", "--process", "etcd"}).find("one way"), std::string::npos);
  EXPECT_NE(error({"read"}).find("one way"), std::string::npos);
  EXPECT_NE(error({"read", "--pid", "1", "--own-netns"}).find("goes with --process"),
            std::string::npos);
  EXPECT_NE(error({"read", "--process"}).find("needs a value"), std::string::npos);
  EXPECT_EQ(error({"set", "--pid-file", "/x.pid", "--bump-ms", "5"}), "");
  EXPECT_NE(error({"set", "--pid", "1", "--bump-ms", "5", "--what"}).find("'--what'"),
            std::string::npos);
}

TEST(ClockRequest, ABumpStartsFromTheOffsetNowWithTheDriftSoFarFolded) {
  ClockSettings current;
  current.flags = kRealtimeClocks;
  current.base_ns = 1000 * kMs;
  current.drift_ppb = 1'000'000;  // 1000 ppm
  current.drift_t0_ns = 0;
  Request bump = parse_request({"set", "--pid", "1", "--bump-ms", "500"}).request;
  ClockSettings next = next_settings(current, bump, 10'000 * kMs);  // 10 s later: +10 ms drifted
  EXPECT_EQ(next.base_ns, 1510 * kMs);
  EXPECT_EQ(next.drift_ppb, 1'000'000);
  EXPECT_EQ(next.drift_t0_ns, 10'000 * kMs);
  EXPECT_EQ(offset_at(next, 10'000 * kMs), 1510 * kMs);  // no jump but the bump

  Request absolute = parse_request({"set", "--pid", "1", "--offset-ms", "-20"}).request;
  EXPECT_EQ(next_settings(current, absolute, 10'000 * kMs),
            (ClockSettings{kRealtimeClocks, -20 * kMs, 0, 0, 0, 0, 0, 0}));

  Request strobe = parse_request({"set", "--pid", "1", "--strobe-ms", "200", "--period-ms", "50",
                                  "--duration-ms", "1000", "--monotonic"})
                       .request;
  ClockSettings strobing = next_settings(current, strobe, 10'000 * kMs);
  EXPECT_EQ(strobing.flags, kRealtimeClocks | kMonotonicClocks);
  EXPECT_EQ(offset_at(strobing, 10'000 * kMs), 1210 * kMs);
  EXPECT_EQ(offset_at(strobing, 10'060 * kMs), 1010 * kMs + 60'000);  // drift goes on
  EXPECT_EQ(offset_at(strobing, 11'000 * kMs), 1011 * kMs);           // over
}

}  // namespace
}  // namespace faultline::vdso_clock
