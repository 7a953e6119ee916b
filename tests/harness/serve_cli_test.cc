// `faultline serve` as a user runs it: the real binary. A missing store is
// bad usage; an address that is not loopback is warned about; a store made
// before the index gets one; Ctrl-C stops it with status 0.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/run/run_index.h"
#include "tests/support/logged_child.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

testing::BinaryRun serve(const std::string& args) {
  return testing::run_faultline(FAULTLINE_BINARY, "serve " + args + " 2>&1");
}

class ServeCliStore {
 public:
  ServeCliStore() {
    char pattern[] = "/tmp/faultline-serve-cli-XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~ServeCliStore() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(ServeCommand, AMissingStoreIsBadUsageNamingIt) {
  testing::BinaryRun r = serve("--store /nonexistent/store --port 0");
  EXPECT_EQ(r.status, 254) << r.out;
  EXPECT_NE(r.out.find("/nonexistent/store"), std::string::npos) << r.out;
}

TEST(ServeCommand, AnAddressThatIsNotLoopbackIsWarnedAbout) {
  ServeCliStore store;
  // 192.0.2.1 (TEST-NET-1) is no address of this machine: the warning, then no listening.
  testing::BinaryRun r = serve("--store " + store.path() + " --bind 192.0.2.1 --port 0");
  EXPECT_EQ(r.status, 255) << r.out;
  EXPECT_NE(r.out.find("warning: --bind 192.0.2.1 is not a loopback address"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("cannot listen on 192.0.2.1"), std::string::npos) << r.out;
}

TEST(ServeCommand, MakesAMissingIndexServesAndStopsOnCtrlC) {
  ServeCliStore store;
  fs::create_directories(store.path() + "/t/20261201T090000Z");
  fs::create_directories(store.path() + "/t/20261201T100000Z");
  std::ofstream(store.path() + "/t/20261201T090000Z/results.json")
      << R"({"test": "t", "verdict": "valid", "started": "2026-12-01T09:00:00Z"})";
  std::ofstream(store.path() + "/t/20261201T100000Z/results.json") << "{damaged";
  // SIGINT once it serves, not after a fixed delay: a slow start (a loaded CI
  // machine, a sanitized build) must not turn the test into a race.
  const std::string log = store.path() + ".log";
  pid_t pid =
      start_logged({FAULTLINE_BINARY, "serve", "--store", store.path(), "--port", "0"}, log);
  const std::string not_serving = wait_until_serving(
      &pid, "faultline serve", [&] { return log_tail(log).find("serving ") != std::string::npos; },
      std::chrono::seconds(60));
  ASSERT_EQ(not_serving, "") << log_tail(log);
  ASSERT_EQ(kill(pid, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  const std::string out = log_tail(log);
  fs::remove(log);
  ASSERT_TRUE(WIFEXITED(status)) << "ended by signal " << WTERMSIG(status) << "\n" << out;
  EXPECT_EQ(WEXITSTATUS(status), 0) << out;
  EXPECT_NE(out.find("faultline serve: stopping"), std::string::npos) << out;
  EXPECT_NE(out.find("no index yet"), std::string::npos) << out;
  EXPECT_NE(out.find("t/20261201T100000Z/results.json"), std::string::npos) << out;
  EXPECT_NE(out.find("indexed 1 run in"), std::string::npos) << out;
  EXPECT_NE(out.find("serving " + store.path() + " at http://127.0.0.1:"), std::string::npos)
      << out;
  auto index = read_run_index(store.path() + "/index.jsonl");
  ASSERT_TRUE(index) << index.error();
  ASSERT_EQ(index->runs.size(), 1u);
  EXPECT_EQ(index->runs[0].dir, "t/20261201T090000Z");
}

}  // namespace
}  // namespace faultline
