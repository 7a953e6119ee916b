// The ctest fixture's dockerd stopper (tests/support/docker_daemon.h): it
// stops only the dockerd its pid file names, never whatever process has that
// pid now, and does nothing without the file.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/docker_daemon.h"
#include "tests/support/logged_child.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

fs::path pid_file(const std::string& tag) {
  return fs::temp_directory_path() /
         ("faultline-shared-dockerd-" + tag + "-" + std::to_string(::getpid()) + ".pid");
}

TEST(SharedDockerd, WithoutAPidFileNothingIsStopped) {
  EXPECT_EQ(stop_shared_dockerd(pid_file("none")), "no dockerd of this test run to stop");
}

TEST(SharedDockerd, APidThatIsNoLongerDockerdIsLeftAlone) {
  const fs::path file = pid_file("reused");
  const fs::path log = fs::path(file) += ".sleep.log";
  const pid_t sleeper = start_logged({"sleep", "30"}, log);
  std::ofstream(file) << sleeper << "\n";
  EXPECT_EQ(stop_shared_dockerd(file), "dockerd " + std::to_string(sleeper) + " was already gone");
  EXPECT_EQ(::waitpid(sleeper, nullptr, WNOHANG), 0) << "the process with that pid still runs";
  EXPECT_FALSE(fs::exists(file));
  stop_logged(sleeper);
  fs::remove(log);
}

}  // namespace
}  // namespace faultline
