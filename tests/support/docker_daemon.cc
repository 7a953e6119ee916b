#include "tests/support/docker_daemon.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "harness/docker/docker_cli.h"
#include "tests/support/logged_child.h"

namespace faultline {
namespace {

constexpr char kDockerd[] = "/usr/sbin/dockerd";

bool answers() { return DockerCli().server_version().ok(); }

// The one-word state in /proc/PID/stat ('Z' zombie); 0 when there is no such process.
char process_state(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  const size_t paren = text.rfind(')');
  return paren == std::string::npos || paren + 2 >= text.size() ? 0 : text[paren + 2];
}

// True when the process ended within `patience`: reaped when it is our child,
// gone or a zombie (its parent's to reap) when it is not.
bool ended_within(pid_t pid, std::chrono::seconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) return true;
    const char state = process_state(pid);
    if (state == 0 || state == 'Z') return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

// SIGTERM (dockerd stops its containerd and containers itself), SIGKILL after 20 s.
void stop_dockerd(pid_t pid) {
  ::kill(pid, SIGTERM);
  if (ended_within(pid, std::chrono::seconds(20))) return;
  ::kill(pid, SIGKILL);
  ended_within(pid, std::chrono::seconds(5));
}

// Empty when this process may start dockerd; else why not.
std::string cannot_start_dockerd() {
  if (!std::filesystem::exists(kDebianDockerProgram) || !std::filesystem::exists(kDockerd))
    return "Debian's docker.io is not installed: run scripts/install-deps.sh";
  if (::geteuid() != 0) return "dockerd is not running and only root can start it";
  return "";
}

std::filesystem::path dockerd_log() {
  return std::filesystem::temp_directory_path() /
         ("faultline-dockerd-" + std::to_string(::getpid()) + ".log");
}

}  // namespace

bool running_in_ci() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string(ci) == "true";
}

DockerDaemonForTest::DockerDaemonForTest() {
  if (answers()) return;  // under ctest: the shared one (start_shared_dockerd)
  why_not_ = cannot_start_dockerd();
  if (!why_not_.empty()) return;
  log_ = dockerd_log();
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
  stop_dockerd(pid_);
  std::error_code ignored;
  std::filesystem::remove(log_, ignored);
}

std::string start_shared_dockerd(const std::filesystem::path& pid_file) {
  if (answers()) return "dockerd already runs: the tests use it and it is left running";
  if (std::string why_not = cannot_start_dockerd(); !why_not.empty()) {
    return "not started (" + why_not + "); each test that needs it will say so";
  }
  std::filesystem::path log = pid_file;
  log += ".log";
  pid_t pid = -1;
  try {
    pid = start_detached({kDockerd}, log);
  } catch (const std::runtime_error& error) {
    return std::string("cannot start dockerd: ") + error.what();
  }
  const pid_t started = pid;
  std::string error = wait_until_serving(&pid, "dockerd", answers, std::chrono::seconds(60));
  if (!error.empty()) {
    if (pid > 0) stop_dockerd(pid);
    return error + "; its log: " + log_tail(log, 800);
  }
  std::ofstream(pid_file) << started << "\n";
  return "started dockerd, pid " + std::to_string(started) + ", log " + log.string();
}

std::string stop_shared_dockerd(const std::filesystem::path& pid_file) {
  std::ifstream file(pid_file);
  pid_t pid = -1;
  if (!(file >> pid) || pid <= 0) return "no dockerd of this test run to stop";
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string name;
  std::getline(comm, name);
  std::string done = "dockerd " + std::to_string(pid) + " was already gone";
  if (name == "dockerd") {
    stop_dockerd(pid);
    done = "stopped dockerd " + std::to_string(pid);
  }
  std::filesystem::remove(pid_file);
  std::filesystem::path log = pid_file;
  std::error_code ignored;
  std::filesystem::remove(log += ".log", ignored);
  return done;
}

}  // namespace faultline
