#include "tests/support/docker_daemon.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "harness/docker/docker_cli.h"
#include "tests/support/logged_child.h"

namespace faultline {
namespace {

constexpr char kDockerd[] = "/usr/sbin/dockerd";

bool answers() { return DockerCli().server_version().ok(); }

// True when the child exited within `patience` (and was reaped).
bool reaped_within(pid_t pid, std::chrono::seconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

DockerDaemonForTest::DockerDaemonForTest() {
  if (answers()) return;
  if (!std::filesystem::exists(kDebianDockerProgram) || !std::filesystem::exists(kDockerd)) {
    why_not_ = "Debian's docker.io is not installed: run scripts/install-deps.sh";
    return;
  }
  if (::geteuid() != 0) {
    why_not_ = "dockerd is not running and only root can start it";
    return;
  }
  log_ = std::filesystem::temp_directory_path() /
         ("faultline-dockerd-" + std::to_string(::getpid()) + ".log");
  try {
    pid_ = start_logged({kDockerd}, log_);
  } catch (const std::runtime_error& error) {
    why_not_ = std::string("cannot start dockerd: ") + error.what();
    return;
  }
  std::string error = wait_until_serving(&pid_, "dockerd", answers, std::chrono::seconds(60));
  if (!error.empty()) why_not_ = error + "; its log: " + log_tail(log_, 800);
}

DockerDaemonForTest::~DockerDaemonForTest() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);  // dockerd stops its containerd and containers itself
  if (!reaped_within(pid_, std::chrono::seconds(20))) stop_logged(pid_);
  std::error_code ignored;
  std::filesystem::remove(log_, ignored);
}

}  // namespace faultline
