// The etcd client against a real etcd: a single member on loopback, started
// by the test as a child process (killed at the end, even on failure), driven
// by the runner with the register workload and checked per key with the
// cas-register model; then paused with SIGSTOP to see timeouts answered in
// time. Needs /usr/bin/etcd (scripts/setup.sh installs it); never skipped.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "checkers/linearizability.h"
#include "harness/history_reader.h"
#include "harness/runner/runner.h"
#include "workloads/etcd_client.h"
#include "workloads/register.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A port on 127.0.0.1 that was free a moment ago (the kernel's choice for 0).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  auto* raw = reinterpret_cast<sockaddr*>(&address);
  const bool ok =
      fd >= 0 && bind(fd, raw, sizeof address) == 0 && getsockname(fd, raw, &length) == 0;
  if (fd >= 0) close(fd);
  if (!ok) throw std::runtime_error("cannot bind a port on 127.0.0.1");
  return ntohs(address.sin_port);
}

// One etcd member on loopback in a fresh data directory, owned: the
// destructor kills it and removes the directory.
class EtcdProcess {
 public:
  EtcdProcess() {
    // On tmpfs when there is one: etcd fsyncs every write, slow on some disks.
    const fs::path base = fs::is_directory("/dev/shm") ? "/dev/shm" : fs::temp_directory_path();
    std::string pattern = (base / "faultline-etcd-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    const std::string client = "http://127.0.0.1:" + std::to_string(client_port_);
    const std::string peer = "http://127.0.0.1:" + std::to_string(free_port());
    start({"etcd", "--name", "m1", "--data-dir", (dir_ / "data").string(), "--listen-client-urls",
           client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
           "--initial-advertise-peer-urls", peer, "--initial-cluster", "m1=" + peer});
  }
  ~EtcdProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);  // a stopped process dies too
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  EtcdProcess(const EtcdProcess&) = delete;
  EtcdProcess& operator=(const EtcdProcess&) = delete;

  std::string endpoint() const { return "127.0.0.1:" + std::to_string(client_port_); }
  void pause() { kill(pid_, SIGSTOP); }
  void resume() { kill(pid_, SIGCONT); }

  // Empty once a linearizable read succeeds; else why not (with etcd's log).
  std::string wait_until_serving(std::chrono::seconds limit) {
    EtcdClient client(endpoint());
    Op read;
    read.f = "read";
    read.key = "probe";
    const auto give_up = steady_clock::now() + limit;
    Completion last;
    while (steady_clock::now() < give_up) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return "etcd exited at start; its log:\n" + log();
      }
      last = client.invoke(read, steady_clock::now() + milliseconds(500));
      if (last.type == OpType::kOk) return "";
      std::this_thread::sleep_for(milliseconds(50));
    }
    return "etcd did not serve a read within the limit (" + last.error.dump() + "); its log:\n" +
           log();
  }

  std::string log() const {
    std::ifstream in(dir_ / "etcd.log");
    std::stringstream text;
    text << in.rdbuf();
    const std::string all = text.str();
    return all.size() > 4000 ? all.substr(all.size() - 4000) : all;
  }

 private:
  void start(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    const int log_fd = open((dir_ / "etcd.log").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (log_fd < 0) throw std::runtime_error("cannot create etcd.log in " + dir_.string());
    pid_ = fork();
    if (pid_ == 0) {
      // The child dies with the test, even if the test crashes.
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      dup2(log_fd, STDOUT_FILENO);
      dup2(log_fd, STDERR_FILENO);
      execvp(argv[0], argv.data());
      _exit(127);
    }
    close(log_fd);
    if (pid_ < 0) throw std::runtime_error("fork failed");
  }

  fs::path dir_;
  int client_port_ = free_port();
  pid_t pid_ = -1;
};

class EtcdIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string problem = etcd_.wait_until_serving(std::chrono::seconds(10));
    ASSERT_EQ(problem, "");
  }
  void TearDown() override { fs::remove(history_path_); }

  EtcdProcess etcd_;
  const std::string history_path_ =
      (fs::temp_directory_path() /
       ("faultline-etcd-history-" + std::to_string(getpid()) + ".jsonl"))
          .string();
};

Verdict check(const History& history) {
  CheckerChoice choice = register_checker();
  LinearizabilityOptions options;
  options.model = choice.model_options;
  options.time_limit_seconds = 60;
  return check_linearizability(history, *make_model(choice.model), options).verdict;
}

TEST_F(EtcdIntegration, ARegisterRunAgainstEtcdIsLinearizablePerKey) {
  GeneratorOptions options;
  options.concurrency = 5;
  options.rate = 200;
  options.time_limit_ns = 3'000'000'000;
  options.active_keys = 3;
  options.ops_per_key = 100;
  options.seed = 7;
  Generator generator(options, std::make_unique<RegisterWorkload>());
  auto writer = HistoryWriter::open(history_path_, RunClock());
  ASSERT_TRUE(writer.ok());
  const RunnerOptions runner{{etcd_.endpoint()}, std::chrono::seconds(2)};
  const auto identity = [](const std::string& node) { return node; };
  const RunSummary summary =
      run_workload(generator, etcd_register_clients(identity), **writer, runner, {});
  ASSERT_EQ((*writer)->close(), std::nullopt);

  EXPECT_EQ(summary.reached, Phase::kDone);
  EXPECT_GT(summary.invoked, 300) << "about 200 ops/s for 3 s";
  EXPECT_EQ(summary.indeterminate, 0) << "a healthy etcd answers every op";
  EXPECT_GT(summary.failed, 0) << "some cas ops find another value";
  EXPECT_EQ(summary.client_errors, 0);
  auto history = read_history_file(history_path_, HistoryFormat::kJsonl);
  ASSERT_TRUE(history.ok()) << history.error().message;
  int64_t reads_with_values = 0;
  for (const Op& op : history->ops) {
    if (op.type == OpType::kOk && op.f == "read" && op.value.is_number_integer()) {
      ++reads_with_values;
    }
  }
  EXPECT_GT(reads_with_values, 50) << "reads see the integers written";
  EXPECT_EQ(check(*history), Verdict::kValid);
}

TEST_F(EtcdIntegration, AStoppedEtcdTurnsWritesIntoInfoAndReadsIntoFailByTheDeadline) {
  EtcdClient client(etcd_.endpoint());
  Op write;
  write.f = "write";
  write.key = "paused";
  write.value = 1;
  ASSERT_EQ(client.invoke(write, steady_clock::now() + milliseconds(2000)).type, OpType::kOk);

  etcd_.pause();
  Op read = write;
  read.f = "read";
  read.value = nullptr;
  Op cas = write;
  cas.f = "cas";
  cas.value = Json::array({1, 2});
  const std::pair<Op, OpType> expected[] = {
      {write, OpType::kInfo}, {cas, OpType::kInfo}, {read, OpType::kFail}};
  for (const auto& [op, type] : expected) {
    const auto start = steady_clock::now();
    const Completion c = client.invoke(op, start + milliseconds(300));
    const auto took = steady_clock::now() - start;
    EXPECT_EQ(c.type, type) << op.f << ": " << c.error;
    EXPECT_NE(c.error.get<std::string>().find(etcd_.endpoint()), std::string::npos) << c.error;
    EXPECT_GE(took, milliseconds(290)) << op.f;
    EXPECT_LT(took, milliseconds(800)) << op.f << " must end by its deadline";
  }

  etcd_.resume();  // the same client reconnects and sees the write (the cas may have landed)
  Completion after;
  for (int attempt = 0; attempt < 20 && after.type != OpType::kOk; ++attempt) {
    after = client.invoke(read, steady_clock::now() + milliseconds(1000));
  }
  ASSERT_EQ(after.type, OpType::kOk) << after.error;
  EXPECT_TRUE(after.value == 1 || after.value == 2) << after.value;
}

TEST(EtcdClient, NothingListeningIsAFailForEveryOp) {
  EtcdClient client("127.0.0.1:" + std::to_string(free_port()));
  Op write;
  write.f = "write";
  write.key = "k";
  write.value = 1;
  const Completion c = client.invoke(write, steady_clock::now() + milliseconds(500));
  EXPECT_EQ(c.type, OpType::kFail) << "never connected, so never sent";
  EXPECT_NE(c.error.get<std::string>().find("no answer from etcd at 127.0.0.1:"), std::string::npos)
      << c.error;
}

TEST(EtcdClient, AnEndpointMustBeHostAndPort) {
  for (const char* bad : {"n1", "n1:", ":2379", "n1:http", "n1:70000"}) {
    EXPECT_THROW(EtcdClient{bad}, std::invalid_argument) << bad;
  }
  EXPECT_NO_THROW(EtcdClient{"n1:2379"});
}

}  // namespace
}  // namespace faultline
