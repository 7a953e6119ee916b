// dockerd for a test: the one already running, or one the test starts itself
// (and stops again when done). Tests that need Docker skip with a clear
// message where it cannot run, and fail instead when CI=true: CI must run them.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>

namespace faultline {

class DockerDaemonForTest {
 public:
  // Uses a dockerd that answers, else starts /usr/sbin/dockerd (needs root).
  DockerDaemonForTest();
  ~DockerDaemonForTest();  // stops the dockerd it started: SIGTERM, then SIGKILL after 20 s
  DockerDaemonForTest(const DockerDaemonForTest&) = delete;
  DockerDaemonForTest& operator=(const DockerDaemonForTest&) = delete;

  // Empty when dockerd answers; else why it cannot be used here.
  const std::string& why_not() const { return why_not_; }
  bool started_here() const { return pid_ > 0; }

 private:
  std::string why_not_;
  pid_t pid_ = -1;
  std::filesystem::path log_;
};

// The dockerd one ctest run shares (tests/CMakeLists.txt: the fixture
// `dockerd`, set up before the first test that needs Docker and cleaned up
// after the last), so each test process finds it running instead of starting
// and stopping its own. Starts dockerd, detached, unless one answers, and
// writes its pid to `pid_file` only then. Returns what it did or why it could
// not; never an error: a test that needs dockerd then says why itself.
std::string start_shared_dockerd(const std::filesystem::path& pid_file);

// Stops the dockerd `pid_file` names (when that pid is still a dockerd) and
// removes the file; what it did. Nothing to do without the file.
std::string stop_shared_dockerd(const std::filesystem::path& pid_file);

// True when the tests run in CI (CI=true), where a missing prerequisite is a failure.
bool running_in_ci();

}  // namespace faultline

// In a test or SetUp: skips (or fails, in CI) when `daemon` cannot be used.
#define FAULTLINE_REQUIRE_DOCKER(daemon)                                    \
  do {                                                                      \
    if (!(daemon).why_not().empty()) {                                      \
      if (::faultline::running_in_ci()) {                                   \
        FAIL() << "CI=true and dockerd cannot run: " << (daemon).why_not(); \
      }                                                                     \
      GTEST_SKIP() << "needs dockerd (" << (daemon).why_not() << ")";       \
    }                                                                       \
  } while (false)
