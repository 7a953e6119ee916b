// faultline-clock's verification reads the offset a process sees from inside
// it. That reading must not depend on how quickly the process gets the CPU:
// a database on a loaded machine (here: niced to the bottom while two
// processes spin on every core) answers each ptrace round trip late, and the
// offset it sees must still be the one asked for, within well under 1 ms.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "nemeses/vdso_clock/clock_request.h"
#include "nemeses/vdso_clock/clock_service.h"

namespace faultline::vdso_clock {
namespace {

// A child that runs `body` until this scope ends.
class Child {
 public:
  template <class Body>
  explicit Child(Body body) : pid_(fork()) {
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      body();
      _exit(0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
};

nlohmann::json one(const std::vector<std::string>& args) {
  ParsedRequest parsed = parse_request(args);
  EXPECT_EQ(parsed.error, "");
  std::vector<std::string> lines = carry_out(parsed.request);
  EXPECT_EQ(lines.size(), 1u);
  return lines.empty() ? nlohmann::json() : nlohmann::json::parse(lines[0]);
}

TEST(VdsoClockSeenOffset, IsTheOffsetAskedForEvenWhenTheProcessGetsTheCpuLate) {
  Child database([] {
    setpriority(PRIO_PROCESS, 0, 19);
    for (;;) pause();
  });
  std::vector<std::unique_ptr<Child>> spinners;
  for (int i = 0; i < 2 * static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)); ++i)
    spinners.push_back(std::make_unique<Child>([] {
      for (;;) __asm__ volatile("");  // spins, and is not optimized away
    }));
  const std::string pid = std::to_string(database.pid());
  for (int64_t offset_ms : {5000, -20000, 30000, -1, 700}) {
    for (const char* monotonic : {"", "--monotonic"}) {
      std::vector<std::string> args = {"set", "--pid", pid, "--offset-ms",
                                       std::to_string(offset_ms)};
      if (*monotonic) args.push_back(monotonic);
      nlohmann::json set = one(args);
      ASSERT_TRUE(set["ok"].get<bool>()) << set.dump();
      EXPECT_NEAR(set["seen_offset_ms"]["realtime"].get<double>(), offset_ms, 0.5) << set.dump();
      if (*monotonic) {
        EXPECT_NEAR(set["seen_offset_ms"]["monotonic"].get<double>(), offset_ms, 0.5) << set.dump();
      }
    }
  }
  EXPECT_TRUE(one({"reset", "--pid", pid})["ok"].get<bool>());
}

}  // namespace
}  // namespace faultline::vdso_clock
