// The standing interrupt test: `faultline run` on a real 3-node etcd on a
// local cluster made for the run, ended by SIGINT, SIGTERM, SIGHUP, a closed
// stdout pipe or SIGKILL at a random moment (while the cluster or the
// database comes up, with a fault in place, during the final reads, during
// teardown). Afterwards nothing of the run may be left on the machine, as
// seen from the host: namespaces, links, iptables rules (every table, host
// and namespaces), qdiscs, sshd or etcd processes (stopped or not), mounts,
// state directories. After SIGKILL the documented recovery
// (`faultline heal --nodes-file STORE/nodes.yaml`, `faultline cluster down
// --name NAME`) must leave nothing. The exit code and results.json agree.
//
// FAULTLINE_INTERRUPT_TRIALS=N runs N trials (default 5; the long mode is 20
// or more); FAULTLINE_INTERRUPT_SEED=S replays the trials of a seed (printed
// by every run). Needs root; a trial takes ~20-40 s.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "harness/history/op.h"
#include "harness/base/text_file.h"
#include "tests/harness/integration/cluster_leftovers.h"
#include "tests/harness/integration/run_process.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

const std::string kBinary = FAULTLINE_BINARY;

// Two faults of the five kinds a run, chosen by the nemesis seed: with a
// 6 s run, faults at 1-2.5 s and 3.5-5 s.
constexpr char kTestFile[] = R"(name: interrupt-trial
nodes: {local: 3}
db: etcd
client: {kind: etcd, reads: linearizable}
workload: register
concurrency: 5
rate: 100
time_limit: 6s
nemesis:
  interval: 1s
  duration: 1500ms
  order: random
  faults:
    - partition: {shape: halves}
    - pause: {target: one}
    - kill: {target: one}
    - loss: {percent: 40}
    - clock: {bump_ms: 5000, target: all}
)";

enum class Ending { kSigint, kSigterm, kSighup, kClosedPipe, kSigkill };
constexpr Ending kEndings[] = {Ending::kSigint, Ending::kSigterm, Ending::kSighup,
                               Ending::kClosedPipe, Ending::kSigkill};

const char* to_string(Ending ending) {
  switch (ending) {
    case Ending::kSigint:
      return "SIGINT";
    case Ending::kSigterm:
      return "SIGTERM";
    case Ending::kSighup:
      return "SIGHUP";
    case Ending::kClosedPipe:
      return "closed stdout pipe";
    case Ending::kSigkill:
      return "SIGKILL";
  }
  return "?";
}

int signal_of(Ending ending) {
  switch (ending) {
    case Ending::kSigint:
      return SIGINT;
    case Ending::kSigterm:
      return SIGTERM;
    case Ending::kSighup:
      return SIGHUP;
    case Ending::kSigkill:
      return SIGKILL;
    case Ending::kClosedPipe:
      break;
  }
  return 0;
}

// A moment of the run: after the line that starts it appears on stdout, and
// a random delay up to `spread`.
struct Moment {
  const char* name;
  const char* line;
  milliseconds spread;
};
constexpr Moment kMoments[] = {
    {"cluster setup", "local cluster '", milliseconds(2'000)},
    {"database setup", "db: setting up", milliseconds(3'000)},
    {"a fault in place", "nemesis: start-", milliseconds(1'000)},
    {"final reads", "final reads", milliseconds(500)},
    {"teardown", "ops: ", milliseconds(1'500)},
};

uint64_t trials_seed() {
  if (const char* seed = std::getenv("FAULTLINE_INTERRUPT_SEED"))
    return std::strtoull(seed, nullptr, 10);
  return std::random_device()() % 1'000'000;
}

int trial_count() {
  if (const char* count = std::getenv("FAULTLINE_INTERRUPT_TRIALS")) return std::atoi(count);
  return 5;
}

std::string file_text(const std::string& path) {
  auto text = read_text_file(path);
  return text ? *text : "";
}

// The latest run's folder in `store`.
std::string run_dir(const std::string& store) {
  std::error_code ec;
  return fs::canonical(store + "/interrupt-trial/latest", ec).string();
}

// "run3" -> "10.213.153." (run_nodes.cc: run1 is on 10.213.151.0/24).
std::string run_subnet_prefix(const std::string& name) {
  return "10.213." + std::to_string(150 + std::stoi(name.substr(3))) + ".";
}

// The local cluster a run claimed: from results.json, else from its output.
std::string claimed_cluster(const std::string& dir, const std::string& out) {
  Json results = Json::parse(file_text(dir + "/results.json"), nullptr, false);
  if (results.is_object() && results.contains("local_cluster")) {
    return results["local_cluster"].get<std::string>();
  }
  const size_t at = out.find("local cluster '");
  if (at == std::string::npos) return "";
  const size_t start = at + std::string("local cluster '").size();
  return out.substr(start, out.find('\'', start) - start);
}

class InterruptTrials : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (namespaces, sshd, iptables)";
    char pattern[] = "/tmp/faultline-trials-XXXXXX";
    root_ = mkdtemp(pattern);
    test_file_ = root_ + "/trial.yaml";
    std::ofstream(test_file_) << kTestFile;
  }
  void TearDown() override {
    if (!root_.empty()) fs::remove_all(root_);
  }

  // One trial; the leftovers it found ("" when none), with what it did.
  std::string trial(int index, Ending ending, const Moment& moment, milliseconds delay,
                    uint64_t run_seed);

  std::string root_, test_file_;
};

std::string InterruptTrials::trial(int index, Ending ending, const Moment& moment,
                                   milliseconds delay, uint64_t run_seed) {
  const std::string what = "trial " + std::to_string(index) + ": " + to_string(ending) + " " +
                           std::to_string(delay.count()) + " ms after '" + moment.line + "' (" +
                           moment.name + "), run seed " + std::to_string(run_seed);
  SCOPED_TRACE(what);
  std::cout << what << std::endl;
  const std::string store = root_ + "/store" + std::to_string(index);
  fs::create_directories(store);
  const std::set<std::string> clusters_before = testing::cluster_state_dirs();
  testing::RunProcess run(kBinary,
                          {"run", test_file_, "--store", store, "--seed", std::to_string(run_seed)},
                          store + "/stderr.txt");
  EXPECT_GT(run.pid(), 0);
  if (run.pid() <= 0) return "could not start faultline";
  const bool reached = run.wait_for(moment.line, milliseconds(120'000));
  EXPECT_TRUE(reached) << "the run never printed '" << moment.line << "':\n" << run.out();
  run.read_for(delay);
  // Before teardown the check is seconds away: the signal must stop the run.
  // During teardown it may come after the run decided it was not interrupted.
  const bool must_interrupt = std::string(moment.name) != "teardown";
  if (ending == Ending::kClosedPipe) {
    run.close_output();
  } else {
    kill(run.pid(), signal_of(ending));
  }
  std::optional<int> status = run.wait(milliseconds(180'000));
  EXPECT_TRUE(status) << "still running 180 s after the " << to_string(ending);
  if (!status) return "the run did not end";
  const std::string dir = run_dir(store);
  const std::string cluster = claimed_cluster(dir, run.out());
  const std::string err = file_text(store + "/stderr.txt");
  Json results = Json::parse(file_text(dir + "/results.json"), nullptr, false);

  if (ending == Ending::kSigkill) {
    // The documented recovery (docs/store.md).
    if (fs::exists(dir + "/nodes.yaml")) {
      testing::run_faultline(kBinary, "heal --nodes-file " + dir + "/nodes.yaml");
    }
    if (!cluster.empty()) testing::run_faultline(kBinary, "cluster down --name " + cluster);
  } else {
    EXPECT_TRUE(WIFEXITED(*status)) << "died of signal " << WTERMSIG(*status) << "\n" << err;
    EXPECT_TRUE(results.is_object()) << "no results.json in " << dir;
    EXPECT_TRUE(fs::exists(dir + "/history.jsonl")) << dir;
    if (WIFEXITED(*status) && results.is_object()) {
      EXPECT_EQ(WEXITSTATUS(*status), results.value("exit_code", -1))
          << "exit code and results.json disagree\n"
          << results.dump(1) << "\n"
          << err;
      if (ending == Ending::kClosedPipe) {
        EXPECT_FALSE(results.value("interrupted", true)) << "a closed stdout stopped the run";
        EXPECT_TRUE(results.contains("finished"));
      } else if (must_interrupt) {
        EXPECT_TRUE(results.value("interrupted", false)) << results.dump(1);
        const int code = WEXITSTATUS(*status);
        EXPECT_TRUE(code == 128 + signal_of(ending) || code == 1) << code;
      }
      if (results.contains("nemesis")) {
        EXPECT_EQ(results["nemesis"]["still_active"], Json::array()) << results["nemesis"].dump();
      }
    }
  }

  std::string left;
  if (!cluster.empty()) left += testing::cluster_leftovers(cluster, run_subnet_prefix(cluster));
  for (const std::string& name : testing::cluster_state_dirs()) {
    if (!clusters_before.count(name) && name != cluster)
      left += "state dir of cluster " + name + "\n";
  }
  EXPECT_EQ(left, "") << "output:\n" << run.out() << "\nstderr:\n" << err;
  // Whatever a failed trial left must not spoil the next ones.
  if (!left.empty() && !cluster.empty()) {
    testing::run_faultline(kBinary, "cluster down --name " + cluster);
  }
  return left;
}

TEST_F(InterruptTrials, EveryEndingAtARandomMomentHealsAndLeavesNothing) {
  const uint64_t seed = trials_seed();
  const int trials = trial_count();
  std::cout << "interrupt trials: " << trials << ", seed " << seed
            << " (replay: FAULTLINE_INTERRUPT_SEED=" << seed
            << " FAULTLINE_INTERRUPT_TRIALS=" << trials << ")" << std::endl;
  RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 random(seed);
  // Each ending in turn (from a random first), so even 5 trials see them all.
  const size_t first_ending = random() % std::size(kEndings);
  int with_leftovers = 0;
  for (int i = 0; i < trials; ++i) {
    const Ending ending = kEndings[(first_ending + static_cast<size_t>(i)) % std::size(kEndings)];
    const Moment& moment = kMoments[random() % std::size(kMoments)];
    const milliseconds delay(static_cast<int64_t>(random() % (moment.spread.count() + 1)));
    const uint64_t run_seed = random() % 1'000'000;
    if (!trial(i + 1, ending, moment, delay, run_seed).empty()) ++with_leftovers;
  }
  std::cout << "interrupt trials: " << trials << " run, " << with_leftovers
            << " with leftovers (seed " << seed << ")" << std::endl;
  EXPECT_EQ(with_leftovers, 0);
}

}  // namespace
}  // namespace faultline
