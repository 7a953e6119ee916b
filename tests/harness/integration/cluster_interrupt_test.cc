// Ctrl-C (SIGINT) or SIGTERM while `faultline cluster up` works: it must
// remove what it made and exit non-zero. The real binary, as a child process,
// on a real machine (needs root).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "harness/cluster/local_cluster.h"
#include "harness/cluster/local_process.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr char kName[] = "h1sig";
constexpr char kSubnet[] = "10.213.44.0/24";

std::string state_dir() { return std::string(kDefaultClusterStateRoot) + "/" + kName; }

// `faultline cluster up` as a child; killed and reaped if the test leaves early.
class UpProcess {
 public:
  // Its stdout and stderr go to `log_file`.
  UpProcess(const std::string& nodes_file, const std::string& log_file) {
    std::vector<std::string> args = {FAULTLINE_BINARY, "cluster",  "up",     "--nodes", "5",
                                     "--nodes-file",   nodes_file, "--name", kName,     "--subnet",
                                     kSubnet};
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  UpProcess(const UpProcess&) = delete;
  UpProcess& operator=(const UpProcess&) = delete;
  ~UpProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

  // The wait status once it exits within `patience`; nullopt (still running) otherwise.
  std::optional<int> wait(milliseconds patience) {
    for (const Clock::time_point end = Clock::now() + patience; Clock::now() < end;) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return status;
      }
      std::this_thread::sleep_for(milliseconds(10));
    }
    return std::nullopt;
  }

 private:
  pid_t pid_ = -1;
};

bool wait_for_file(const std::string& path, milliseconds patience) {
  for (const Clock::time_point end = Clock::now() + patience; Clock::now() < end;) {
    if (fs::exists(path)) return true;
    std::this_thread::sleep_for(milliseconds(1));
  }
  return false;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Whatever of the cluster the machine still has, one thing per line; empty when nothing.
std::string leftovers() {
  std::string left;
  const std::string name = kName;
  for (const std::string& line : lines(run_local(Command::of({"ip", "netns", "list"})).out)) {
    if (line.rfind("fl-" + name + "-", 0) == 0) left += "namespace " + line + "\n";
  }
  for (const std::string& line : lines(run_local(Command::of({"ip", "-o", "link", "show"})).out)) {
    if (line.find(" flv-" + name + "-") != std::string::npos ||
        line.find(" flbr-" + name + ":") != std::string::npos) {
      left += "link " + line.substr(0, 60) + "\n";
    }
  }
  for (const std::string& line :
       lines(run_local(Command::of({"pgrep", "-a", "-f", state_dir()})).out)) {
    left += "process " + line + "\n";
  }
  if (fs::exists(state_dir())) left += "state dir " + state_dir() + "\n";
  return left;
}

class ClusterInterrupt : public ::testing::TestWithParam<std::pair<int, const char*>> {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "needs root (namespaces, sshd)";
    cluster_down(state_dir());  // whatever an earlier run left
    const std::string prefix =
        (fs::temp_directory_path() / ("faultline-h1sig-" + std::to_string(::getpid()))).string();
    nodes_file_ = prefix + ".yaml";
    log_file_ = prefix + ".log";
  }
  void TearDown() override {
    if (::geteuid() != 0) return;
    cluster_down(state_dir());
    fs::remove(nodes_file_);
    fs::remove(log_file_);
  }
  std::string output() const {
    std::ifstream in(log_file_);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }
  std::string nodes_file_, log_file_;
};

// The signal comes once `up` has recorded its plan (early) or written the
// cluster's known_hosts (after every key, before the network exists).
TEST_P(ClusterInterrupt, SignalDuringUpRemovesEverythingAndExitsNonZero) {
  const auto [signal, trigger] = GetParam();
  UpProcess up(nodes_file_, log_file_);
  ASSERT_GT(up.pid(), 0);
  ASSERT_TRUE(wait_for_file(state_dir() + "/" + trigger, milliseconds(20'000)))
      << "`cluster up` never wrote " << trigger;
  ASSERT_EQ(::kill(up.pid(), signal), 0);
  std::optional<int> status = up.wait(milliseconds(30'000));
  ASSERT_TRUE(status) << "`cluster up` did not exit within 30 s of the signal";
  ASSERT_TRUE(WIFEXITED(*status)) << "it died of signal " << WTERMSIG(*status)
                                  << " instead of cleaning up";
  EXPECT_EQ(WEXITSTATUS(*status), 128 + signal) << output();
  // Stopped between its steps, not after it had finished.
  EXPECT_NE(output().find("interrupted: removed what was made"), std::string::npos) << output();
  EXPECT_EQ(leftovers(), "");
  EXPECT_FALSE(fs::exists(nodes_file_)) << "a nodes file for a cluster that is gone";
}

INSTANTIATE_TEST_SUITE_P(Signals, ClusterInterrupt,
                         ::testing::Values(std::make_pair(SIGINT, "state.json"),
                                           std::make_pair(SIGTERM, "known_hosts")));

TEST(ClusterUpStop, AStopRequestedBeforeUpMakesNothing) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  ClusterUpOptions options;
  options.name = kName;
  options.subnet = kSubnet;
  options.nodes = 2;
  options.nodes_file = (fs::temp_directory_path() /
                        ("faultline-h1sig-never-" + std::to_string(::getpid()) + ".yaml"))
                           .string();
  std::stop_source stop;
  stop.request_stop();
  ClusterOutcome outcome = cluster_up(options, stop.get_token());
  EXPECT_TRUE(outcome.interrupted);
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(leftovers(), "");
  EXPECT_FALSE(fs::exists(options.nodes_file));
}

TEST(ClusterUpStop, AStopWhileWaitingForSshdEndsTheWaitAndRemovesEverything) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  cluster_down(state_dir());
  ClusterUpOptions options;
  options.name = kName;
  options.subnet = kSubnet;
  options.nodes = 2;
  options.sshd = "/bin/true";  // "starts" fine but never listens: `up` waits for it
  options.ready_timeout = milliseconds(60'000);
  options.nodes_file =
      (fs::temp_directory_path() / ("faultline-h1sig-wait-" + std::to_string(::getpid()) + ".yaml"))
          .string();
  std::stop_source stop;
  std::jthread stopper([&] {
    wait_for_file(state_dir() + "/nodes/n2/home", milliseconds(20'000));  // sshd was started
    std::this_thread::sleep_for(milliseconds(200));
    stop.request_stop();
  });
  const Clock::time_point start = Clock::now();
  ClusterOutcome outcome = cluster_up(options, stop.get_token());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(20));
  EXPECT_TRUE(outcome.interrupted) << outcome.error;
  EXPECT_NE(outcome.error.find("interrupted"), std::string::npos) << outcome.error;
  EXPECT_EQ(leftovers(), "");
  EXPECT_FALSE(fs::exists(options.nodes_file));
}

}  // namespace
}  // namespace faultline
