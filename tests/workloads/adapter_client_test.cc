// The adapter client against small test adapters (tests/workloads/adapters/):
// one that works, one that crashes, one that prints garbage, one that hangs,
// one that exits before reading, and one that does not exist. Each test also
// checks that nothing of the adapters is left: no child, no zombie, no fd.
#include "workloads/adapter_client.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <thread>

#include "tests/workloads/adapter_test_support.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr milliseconds kGenerous{10'000};  // for ops that should answer at once

Op make_op(const std::string& f, Json value = nullptr, const std::string& key = "k") {
  Op op;
  op.f = f;
  op.key = key;
  op.value = std::move(value);
  op.process = 3;
  return op;
}

AdapterTarget target_of(const std::string& node) {
  return {node, "10.1.0.2", "10.1.0.2:2379", {"10.1.0.1", "10.1.0.2"}};
}

std::string error_text(const Completion& c) {
  return c.error.is_string() ? c.error.get<std::string>() : c.error.dump();
}

class AdapterClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(children_of_this_process().empty()) << "a child left over from before";
    fds_before_ = open_fd_count();
  }
  void TearDown() override {
    const auto left = children_of_this_process();
    EXPECT_TRUE(left.empty()) << left.size() << " child(ren) left, the first " << left[0].pid
                              << " in state " << left[0].state;
    EXPECT_EQ(open_fd_count(), fds_before_) << "an fd leaked";
  }

  std::unique_ptr<Client> open(std::vector<std::string> command, int worker = 0) {
    AdapterOptions options;
    options.command = std::move(command);
    options.env = {{"EXTRA", "from the test file"}};
    options.log = log_.sink();
    return adapter_clients(options, target_of)({worker, "n2"});
  }

  Completion invoke(Client& client, const Op& op, milliseconds limit = kGenerous) {
    return client.invoke(op, steady_clock::now() + limit);
  }

  RecordedLog log_;
  int fds_before_ = 0;
};

const std::vector<std::string> kRegister = {"/usr/bin/python3", test_adapter("register_memory.py")};

TEST_F(AdapterClientTest, AWellBehavedAdapterAnswersEveryOp) {
  auto client = open(kRegister);
  const std::pair<Op, Completion> steps[] = {
      {make_op("read"), Completion::ok(nullptr)},
      {make_op("write", 5), Completion::ok(5)},  // the written value, though it sent none
      {make_op("cas", Json::array({5, 6})), Completion::ok(Json::array({5, 6}))},
      {make_op("cas", Json::array({5, 7})), Completion::fail("precondition failed")},
      {make_op("read"), Completion::ok(6)},
      {make_op("read", nullptr, "other"), Completion::ok(nullptr)},
  };
  for (const auto& [op, expected] : steps) {
    const Completion c = invoke(*client, op);
    EXPECT_EQ(c.type, expected.type) << op.f << " " << op.value << ": " << c.error;
    EXPECT_EQ(c.value, expected.value) << op.f << " " << op.value;
    EXPECT_EQ(c.error, expected.error) << op.f << " " << op.value;
  }
  client.reset();
  EXPECT_EQ(log_.matching("worker 0 adapter: register_memory started for worker 0").size(), 1u)
      << "its stderr is forwarded with the worker";
}

TEST_F(AdapterClientTest, TheAdapterGetsTheTargetTheEnvAndTheProcess) {
  auto client = open(kRegister, 4);
  const Completion c = invoke(*client, make_op("whoami"));
  ASSERT_EQ(c.type, OpType::kOk) << c.error;
  const Json expected_env = {
      {"EXTRA", "from the test file"},          {"FAULTLINE_NODE", "n2"},
      {"FAULTLINE_ADDRESS", "10.1.0.2"},        {"FAULTLINE_ENDPOINT", "10.1.0.2:2379"},
      {"FAULTLINE_PEERS", "10.1.0.1,10.1.0.2"}, {"FAULTLINE_WORKER", "4"}};
  EXPECT_EQ(c.value["env"], expected_env);
  EXPECT_EQ(c.value["process"], 3);
}

TEST_F(AdapterClientTest, StderrLinesAreLoggedWithTheWorker) {
  auto client = open(kRegister, 2);
  ASSERT_EQ(invoke(*client, make_op("stderr", "first line\nsecond line")).type, OpType::kOk);
  EXPECT_EQ(log_.matching("worker 2 adapter: first line").size(), 1u);
  client.reset();
  EXPECT_EQ(log_.matching("worker 2 adapter: second line").size(), 1u);
}

TEST_F(AdapterClientTest, ACrashIsInfoWithItsStatusAndStderrThenAFreshAdapterAnswers) {
  auto client = open({test_adapter("crash_on_second.sh")});
  EXPECT_EQ(invoke(*client, make_op("read")).type, OpType::kOk);
  const Completion crashed = invoke(*client, make_op("write", 2));
  EXPECT_EQ(crashed.type, OpType::kInfo) << "it read the write: it may have happened";
  const std::string error = error_text(crashed);
  EXPECT_NE(error.find("exited with status 3 before answering write on key k"), std::string::npos)
      << error;
  EXPECT_NE(error.find("crash_on_second: giving up on {\"f\":\"write\""), std::string::npos)
      << error;
  EXPECT_EQ(log_.matching("worker 0 adapter: the adapter exited with status 3").size(), 1u);
  const Completion after = invoke(*client, make_op("read"));
  EXPECT_EQ(after.type, OpType::kOk) << after.error;
  EXPECT_EQ(after.value, 1);
}

TEST_F(AdapterClientTest, GarbageIsInfoNamingTheLineAndTheAdapterIsReplaced) {
  auto client = open({test_adapter("garbage.sh")});
  for (int i = 0; i < 2; ++i) {
    const Completion c = invoke(*client, make_op("write", i));
    EXPECT_EQ(c.type, OpType::kInfo);
    EXPECT_EQ(error_text(c),
              "the adapter answered write on key k with a line that is not a completion (it is "
              "not JSON): hello there, this is not a completion");
  }
  EXPECT_EQ(log_.matching("not a completion (it is not JSON): hello there").size(), 2u);
  EXPECT_EQ(log_.matching("killed it, the next op starts a fresh one").size(), 2u);
}

TEST_F(AdapterClientTest, JsonThatIsNotACompletionIsInfoSayingWhy) {
  auto client = open({test_adapter("not_a_completion.sh")});
  const Completion array = invoke(*client, make_op("array"));
  EXPECT_EQ(array.type, OpType::kInfo);
  EXPECT_NE(error_text(array).find("(it is not a JSON object): [1, 2]"), std::string::npos)
      << array.error;
  const Completion bad_type = invoke(*client, make_op("read"));
  EXPECT_EQ(bad_type.type, OpType::kInfo);
  EXPECT_NE(error_text(bad_type).find("its \"type\" is \"done\", not ok, fail or info"),
            std::string::npos)
      << bad_type.error;
}

TEST_F(AdapterClientTest, TheNodeThatServedAnOpIsKeptAndUnknownFieldsAreWarnedOfOnce) {
  auto client = open({test_adapter("served_by_replica.sh")});
  for (int i = 0; i < 3; ++i) {
    const Completion read = invoke(*client, make_op("read"));
    EXPECT_EQ(read.type, OpType::kOk) << read.error;
    EXPECT_EQ(read.node, "n3");
  }
  const std::vector<std::string> warned = log_.matching("'lag_ms'");
  ASSERT_EQ(warned.size(), 1u) << "one warning for all answers";
  EXPECT_NE(warned[0].find("which faultline does not read (it reads type, value, error and node)"),
            std::string::npos)
      << warned[0];
}

// The pid in a timeout's log line.
pid_t pid_in(const std::string& line) {
  const size_t at = line.find("(pid ");
  return at == std::string::npos ? -1 : std::stoi(line.substr(at + 5));
}

TEST_F(AdapterClientTest, AHangingAdapterIsInfoByTheDeadlineAndReplacedWithItsGroup) {
  auto client = open({test_adapter("hang.sh")});
  for (int i = 0; i < 2; ++i) {
    const auto start = steady_clock::now();
    const Completion c = invoke(*client, make_op("write", i), milliseconds(400));
    const auto took = steady_clock::now() - start;
    EXPECT_EQ(c.type, OpType::kInfo);
    EXPECT_EQ(c.error, "timeout");
    EXPECT_GE(took, milliseconds(395));
    EXPECT_LT(took, milliseconds(400 + 3000)) << "the deadline, not the adapter's hang";
  }
  const auto timeouts =
      log_.matching("worker 0 adapter: no answer to write on key k by its deadline");
  ASSERT_EQ(timeouts.size(), 2u);
  const pid_t first = pid_in(timeouts[0]);
  const pid_t second = pid_in(timeouts[1]);
  EXPECT_GT(first, 0);
  EXPECT_NE(first, second) << "the second op went to a fresh adapter";
  // SIGKILL reaches a grandchild when it is next scheduled: give it a moment.
  const auto give_up = steady_clock::now() + milliseconds(2000);
  while (!live_processes_in_group(second).empty() && steady_clock::now() < give_up) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_TRUE(live_processes_in_group(first).empty()) << "its sleep was killed with it";
  EXPECT_TRUE(live_processes_in_group(second).empty());
  EXPECT_EQ(log_.matching("hang: got {\"f\":\"write\"").size(), 2u) << "stderr came through";
}

TEST_F(AdapterClientTest, AnAdapterThatExitedBeforeReadingFailsTheOpAndFaultlineLives) {
  auto client = open({test_adapter("exit_at_start.sh")});
  // Let it exit first, so the write meets a pipe nobody reads: SIGPIPE.
  const auto give_up = steady_clock::now() + kGenerous;
  while (steady_clock::now() < give_up) {
    const auto children = children_of_this_process();
    if (!children.empty() && children[0].state == 'Z') break;
    std::this_thread::sleep_for(milliseconds(5));
  }
  for (int i = 0; i < 2; ++i) {  // the second adapter may still be running when it is written to
    const Completion c = invoke(*client, make_op("write", i));
    EXPECT_EQ(c.type, OpType::kFail) << c.error;
    EXPECT_NE(error_text(c).find("exited with status 2 before answering write on key k (it "
                                 "never read the op); its last stderr: exit_at_start: no "
                                 "database given"),
              std::string::npos)
        << c.error;
  }
  sigset_t pending;
  sigpending(&pending);
  EXPECT_FALSE(sigismember(&pending, SIGPIPE)) << "the SIGPIPE was consumed";
}

TEST_F(AdapterClientTest, AMissingProgramFailsEveryOpWithOneLogLine) {
  AdapterOptions options;
  options.command = {"faultline-no-such-adapter", "--flag"};
  options.log = log_.sink();
  const ClientFactory factory = adapter_clients(options, target_of);
  auto first = factory({0, "n1"});
  auto second = factory({1, "n2"});
  for (Client* client : {first.get(), second.get(), first.get()}) {
    const Completion c = invoke(*client, make_op("write", 1));
    EXPECT_EQ(c.type, OpType::kFail);
    EXPECT_EQ(error_text(c),
              "the adapter could not be started (no program 'faultline-no-such-adapter' on "
              "PATH), so no op was sent: command [faultline-no-such-adapter, --flag]");
  }
  EXPECT_EQ(log_.lines().size(), 1u);
  EXPECT_EQ(log_.matching("worker 0 adapter: the adapter could not be started").size(), 1u);
}

TEST_F(AdapterClientTest, AFileThatIsNotAProgramFailsWithTheReason) {
  auto client = open({test_adapter("missing.sh")});
  const Completion c = invoke(*client, make_op("read"));
  EXPECT_EQ(c.type, OpType::kFail);
  EXPECT_NE(error_text(c).find("(cannot run '" + test_adapter("missing.sh") +
                               "': No such file or directory)"),
            std::string::npos)
      << c.error;
}

TEST_F(AdapterClientTest, TheAdapterRunsInTheWorkingDirectoryGiven) {
  AdapterOptions options;
  options.command = {"/usr/bin/python3", "register_memory.py"};
  options.working_dir = test_adapter("");
  options.log = log_.sink();
  auto client = adapter_clients(options, target_of)({0, "n1"});
  EXPECT_EQ(invoke(*client, make_op("read")).type, OpType::kOk);

  options.working_dir = test_adapter("no-such-folder");
  const Completion c = invoke(*adapter_clients(options, target_of)({1, "n1"}), make_op("read"));
  EXPECT_EQ(c.type, OpType::kFail);
  EXPECT_NE(error_text(c).find("could not be started (working directory " +
                               test_adapter("no-such-folder") + ": No such file or directory)"),
            std::string::npos)
      << c.error;
}

TEST_F(AdapterClientTest, WorkersRunTheirOwnAdaptersAtTheSameTime) {
  std::vector<std::thread> workers;
  std::vector<int> oks(4, 0);
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([this, w, &oks] {
      auto client = open(kRegister, w);
      const std::string key = "key" + std::to_string(w);
      for (int i = 1; i <= 20; ++i) {
        if (invoke(*client, make_op("write", i, key)).type == OpType::kOk &&
            invoke(*client, make_op("read", nullptr, key)).value == i) {
          ++oks[w];
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  EXPECT_EQ(oks, std::vector<int>(4, 20));
}

}  // namespace
}  // namespace faultline
