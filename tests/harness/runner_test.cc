// The runner end to end with the in-memory register store: the histories it
// writes parse with the reader and check with the cas-register model per key.
#include "harness/runner/runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "checkers/linearizability.h"
#include "harness/history/history_reader.h"
#include "workloads/memory_register.h"
#include "workloads/register.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

struct RunOutcome {
  RunSummary summary;
  size_t retired_keys = 0;  // keys the generator replaced during the main phase
  History history;
  std::vector<std::string> log;
};

class RunnerTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove(path_); }

  GeneratorOptions options(int concurrency, int64_t max_ops) {
    GeneratorOptions o;
    o.concurrency = concurrency;
    o.max_ops = max_ops;
    o.active_keys = 3;
    o.ops_per_key = 300;
    o.seed = 11;
    return o;
  }

  RunOutcome run(GeneratorOptions generator_options, const ClientFactory& clients,
                 RunHooks hooks = {}, std::stop_token stop = {},
                 std::chrono::nanoseconds timeout = std::chrono::seconds(5)) {
    Generator generator(std::move(generator_options), std::make_unique<RegisterWorkload>());
    auto writer = HistoryWriter::open(path_, RunClock());
    EXPECT_TRUE(writer.ok());
    RunOutcome outcome;
    std::mutex log_mutex;
    hooks.log = [&](const std::string& line) {
      std::lock_guard lock(log_mutex);
      outcome.log.push_back(line);
    };
    RunnerOptions runner_options{{"n1", "n2", "n3"}, timeout};
    outcome.summary = run_workload(generator, clients, **writer, runner_options, hooks, stop);
    outcome.retired_keys = generator.retired_keys().size();
    EXPECT_EQ((*writer)->close(), std::nullopt);
    auto history = read_history_file(path_, HistoryFormat::kJsonl);
    EXPECT_TRUE(history.ok()) << history.error().message;
    if (history.ok()) outcome.history = std::move(*history);
    return outcome;
  }

  static Verdict check(const History& history) {
    CheckerChoice choice = register_checker();
    LinearizabilityOptions options;
    options.model = choice.model_options;
    options.time_limit_seconds = 60;
    return check_linearizability(history, *make_model(choice.model), options).verdict;
  }

  const std::string path_ =
      (std::filesystem::temp_directory_path() /
       ("faultline-runner-" + std::to_string(getpid()) + "-" +
        ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".jsonl"))
          .string();
  MemoryRegisterStore store_;
};

TEST_F(RunnerTest, AHistoryFromTheInMemoryStoreParsesAndIsLinearizable) {
  RunOutcome outcome = run(options(8, 4000), memory_register_clients(store_));
  const History& h = outcome.history;
  EXPECT_EQ(outcome.summary.reached, Phase::kDone);
  EXPECT_EQ(outcome.summary.ok + outcome.summary.failed, outcome.summary.invoked);
  // A cas from a value the key no longer holds fails and uses nothing up.
  EXPECT_GE(outcome.retired_keys, 4000u / 300 / 2) << "a key is replaced after 300 ok ops";
  EXPECT_EQ(outcome.summary.invoked, 4000 + 8 * 3 + static_cast<int64_t>(outcome.retired_keys))
      << "main ops, then a final read per active key per worker and one per retired key";
  ASSERT_EQ(h.ops.size(), static_cast<size_t>(2 * outcome.summary.invoked));
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const Op& op = h.ops[i];
    EXPECT_EQ(op.index, static_cast<int64_t>(i));
    ASSERT_TRUE(op.key);
    EXPECT_EQ(op.node, "n" + std::to_string(op.process % 3 + 1)) << "worker w talks to node w % 3";
    if (i > 0) {
      EXPECT_LE(h.ops[i - 1].time_ns, op.time_ns);
    }
  }
  EXPECT_TRUE(h.notes.empty());
  EXPECT_EQ(check(h), Verdict::kValid);
}

// The runner reports completions to the generator: failed ops use no key up.
TEST_F(RunnerTest, FailedOpsDoNotUseUpKeysButOkOpsDo) {
  GeneratorOptions o = options(4, 2000);
  o.ops_per_key = 50;
  o.final_retry_ns = 1'000'000;
  RunOutcome failing = run(o, memory_register_clients(store_, {.fail_rate = 1.0}));
  EXPECT_EQ(failing.summary.failed, failing.summary.invoked);
  EXPECT_EQ(failing.retired_keys, 0u) << "2000 failed ops, quota 50";
  EXPECT_EQ(failing.summary.invoked, 2000 + 4 * 3 * 3) << "each final read tried three times";

  RunOutcome working = run(o, memory_register_clients(store_));
  EXPECT_GE(working.retired_keys, 2000u / 50 / 2) << "cas that fail do not count";
  EXPECT_EQ(check(working.history), Verdict::kValid);
}

TEST_F(RunnerTest, AfterAnInfoTheWorkerContinuesAsAFreshProcess) {
  RunOutcome outcome = run(options(4, 3000), memory_register_clients(store_, {.info_rate = 0.1}));
  EXPECT_GT(outcome.summary.indeterminate, 100);
  std::set<int64_t> retired;
  std::map<int64_t, int64_t> open;  // process -> index of its pending invocation
  for (const Op& op : outcome.history.ops) {
    EXPECT_FALSE(retired.count(op.process))
        << "process " << op.process << " reused at " << op.index;
    if (op.type == OpType::kInvoke) {
      EXPECT_FALSE(open.count(op.process)) << "a process invokes one op at a time";
      open[op.process] = op.index;
    } else {
      open.erase(op.process);
      if (op.type == OpType::kInfo) retired.insert(op.process);
    }
  }
  EXPECT_TRUE(open.empty());
  EXPECT_EQ(check(outcome.history), Verdict::kValid);
}

// Reads answered by another node than the worker's (a replica) say so in the history.
class ReplicaReads : public Client {
 public:
  Completion invoke(const Op& invocation, Deadline) override {
    if (invocation.f != "read") return Completion::ok();
    Completion read = Completion::ok(nullptr);
    read.node = "replica";
    return read;
  }
};

TEST_F(RunnerTest, TheNodeThatServedAnOpIsRecordedOnItsCompletion) {
  RunOutcome outcome =
      run(options(2, 200), [](const ClientContext&) { return std::make_unique<ReplicaReads>(); });
  int reads = 0;
  for (const Op& op : outcome.history.ops) {
    if (op.type == OpType::kInvoke) {
      EXPECT_NE(op.node, "replica") << "an invocation goes out from the worker's node";
    } else if (op.f == "read") {
      ++reads;
      EXPECT_EQ(op.node, "replica") << op.index;
    } else {
      EXPECT_NE(op.node, "replica") << op.index;
    }
  }
  EXPECT_GT(reads, 0);
}

TEST_F(RunnerTest, InjectedFailuresAndTimeoutsStillCheckValid) {
  MemoryClientFaults faults{.fail_rate = 0.05, .info_rate = 0.05, .latency = milliseconds(1)};
  RunOutcome outcome = run(options(6, 1500), memory_register_clients(store_, faults), {}, {},
                           std::chrono::microseconds(1500));
  EXPECT_GT(outcome.summary.failed, 0);
  EXPECT_GT(outcome.summary.indeterminate, 0);
  EXPECT_EQ(check(outcome.history), Verdict::kValid);
}

TEST_F(RunnerTest, LiveCountsMatchTheSummaryAtTheEnd) {
  LiveCounts live;
  RunHooks hooks;
  hooks.live = &live;
  RunOutcome outcome =
      run(options(6, 1500), memory_register_clients(store_, {.fail_rate = 0.2, .info_rate = 0.1}),
          hooks);
  EXPECT_EQ(live.invoked.load(), outcome.summary.invoked);
  EXPECT_EQ(live.ok.load(), outcome.summary.ok);
  EXPECT_EQ(live.failed.load(), outcome.summary.failed);
  EXPECT_EQ(live.info.load(), outcome.summary.indeterminate);
  EXPECT_GT(live.failed.load(), 0);
  EXPECT_GT(live.info.load(), 0);
}

TEST_F(RunnerTest, AClientWithStaleReadsIsCaughtAsNotLinearizable) {
  GeneratorOptions o = options(4, 3000);
  o.active_keys = 1;
  o.ops_per_key = 3000;
  RunOutcome outcome = run(o, memory_register_clients(store_, {.stale_read_rate = 0.5}));
  EXPECT_EQ(check(outcome.history), Verdict::kInvalid);
}

// Throws on every third op; the runner must record info, log, reopen, go on.
class ThrowingClient : public Client {
 public:
  explicit ThrowingClient(std::atomic<int>* opened) { ++*opened; }
  Completion invoke(const Op& op, Deadline) override {
    if (++calls_ % 3 == 0) throw std::runtime_error("connection reset by peer");
    return op.f == "read" ? Completion::ok(nullptr) : Completion::fail("refused");
  }

 private:
  int calls_ = 0;
};

TEST_F(RunnerTest, AClientThatThrowsBecomesInfoAndALogLineAndIsReopened) {
  std::atomic<int> opened = 0;
  ClientFactory factory = [&](const ClientContext&) -> std::unique_ptr<Client> {
    return std::make_unique<ThrowingClient>(&opened);
  };
  GeneratorOptions o = options(2, 30);
  o.mix = {{"read", 1}};
  RunOutcome outcome = run(o, factory);
  EXPECT_EQ(outcome.summary.reached, Phase::kDone);
  EXPECT_GT(outcome.summary.client_errors, 5);
  EXPECT_EQ(outcome.summary.indeterminate, outcome.summary.client_errors);
  EXPECT_EQ(opened, 2 + outcome.summary.client_errors);
  ASSERT_FALSE(outcome.log.empty());
  EXPECT_NE(outcome.log[0].find("connection reset by peer"), std::string::npos) << outcome.log[0];
  int infos = 0;
  for (const Op& op : outcome.history.ops) {
    if (op.type != OpType::kInfo) continue;
    ++infos;
    EXPECT_EQ(op.error, "client exception: connection reset by peer");
  }
  EXPECT_EQ(infos, outcome.summary.client_errors);
}

TEST_F(RunnerTest, AFactoryThatThrowsCostsOnlyThatWorker) {
  ClientFactory factory = [&](const ClientContext& context) -> std::unique_ptr<Client> {
    if (context.worker == 1) throw std::runtime_error("cannot connect to n2:2379");
    return memory_register_clients(store_)(context);
  };
  RunOutcome outcome = run(options(3, 300), factory);
  EXPECT_EQ(outcome.summary.workers_lost, 1);
  EXPECT_EQ(outcome.summary.reached, Phase::kDone);
  EXPECT_EQ(outcome.summary.invoked, 300 + 2 * 3);
  EXPECT_EQ(check(outcome.history), Verdict::kValid);
}

TEST_F(RunnerTest, AStopRequestEndsTheRunPromptly) {
  GeneratorOptions o = options(8, 0);
  o.time_limit_ns = 60'000'000'000;
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(milliseconds(200));
    stop.request_stop();
  });
  const auto start = steady_clock::now();
  RunOutcome outcome =
      run(o, memory_register_clients(store_, {.latency = milliseconds(1)}), {}, stop.get_token());
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(20)) << "not the 60 s time limit";
  EXPECT_TRUE(outcome.summary.stopped);
  EXPECT_EQ(outcome.summary.reached, Phase::kMain);
  EXPECT_GT(outcome.summary.invoked, 0);
  EXPECT_EQ(outcome.history.ops.size(), static_cast<size_t>(2 * outcome.summary.invoked))
      << "every op begun was completed";
}

TEST_F(RunnerTest, OpsInFlightAtAStopEndAsInfoAfterTheirTimeout) {
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(milliseconds(50));
    stop.request_stop();
  });
  const auto start = steady_clock::now();
  RunOutcome outcome =
      run(options(4, 1000), memory_register_clients(store_, {.latency = std::chrono::seconds(30)}),
          {}, stop.get_token(), milliseconds(300));
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(10)) << "not the 30 s latency";
  EXPECT_EQ(outcome.summary.invoked, 4);
  EXPECT_EQ(outcome.summary.indeterminate, 4);
  for (const Op& op : outcome.history.ops) {
    if (op.type != OpType::kInvoke) {
      EXPECT_EQ(op.error, "timeout");
    }
  }
}

// Counts ops in flight across all clients, to see what the hooks see.
class CountingClient : public Client {
 public:
  CountingClient(std::unique_ptr<Client> inner, std::atomic<int>* in_flight)
      : inner_(std::move(inner)), in_flight_(in_flight) {}
  Completion invoke(const Op& op, Deadline deadline) override {
    ++*in_flight_;
    Completion c = inner_->invoke(op, deadline);
    --*in_flight_;
    return c;
  }

 private:
  std::unique_ptr<Client> inner_;
  std::atomic<int>* in_flight_;
};

TEST_F(RunnerTest, PhaseHooksRunInOrderWithNoOpInFlight) {
  std::atomic<int> in_flight = 0;
  ClientFactory inner =
      memory_register_clients(store_, {.latency = std::chrono::microseconds(200)});
  ClientFactory factory = [&](const ClientContext& c) -> std::unique_ptr<Client> {
    return std::make_unique<CountingClient>(inner(c), &in_flight);
  };
  std::vector<Phase> phases;
  std::vector<int> in_flight_seen;
  std::vector<int64_t> appended_at_final;
  RunHooks hooks;
  hooks.on_phase = [&](Phase phase) {
    phases.push_back(phase);
    in_flight_seen.push_back(in_flight);
  };
  GeneratorOptions o = options(4, 2000);
  o.quiesce_ns = 50'000'000;
  const auto start = steady_clock::now();
  RunOutcome outcome = run(o, factory, hooks);
  EXPECT_GE(steady_clock::now() - start, milliseconds(50)) << "the quiesce phase waits";
  EXPECT_EQ(phases,
            (std::vector<Phase>{Phase::kMain, Phase::kQuiesce, Phase::kFinal, Phase::kDone}));
  EXPECT_EQ(in_flight_seen, (std::vector<int>{0, 0, 0, 0}));
  // The last 4 workers x 3 keys invocations are the final reads.
  int final_reads = 0;
  for (auto it = outcome.history.ops.rbegin(); it != outcome.history.ops.rend(); ++it) {
    if (it->type == OpType::kInvoke && it->f != "read") break;
    final_reads += it->type == OpType::kInvoke;
  }
  EXPECT_GE(final_reads, 12);
  EXPECT_EQ(check(outcome.history), Verdict::kValid);
}

TEST_F(RunnerTest, TheTotalRateIsKept) {
  GeneratorOptions o = options(8, 0);
  o.time_limit_ns = 1'000'000'000;
  o.rate = 200;
  o.final_ops = false;
  RunOutcome outcome = run(o, memory_register_clients(store_));
  EXPECT_NEAR(static_cast<double>(outcome.summary.invoked), 200, 40);
}

TEST_F(RunnerTest, TheHistoryIsReadableBeforeTheRunEnds) {
  GeneratorOptions o = options(4, 0);
  o.time_limit_ns = 1'500'000'000;
  o.rate = 1000;
  std::jthread reader([&] {
    std::this_thread::sleep_for(milliseconds(700));
    // Up to the last complete line: a batch may be half written at this moment.
    std::ifstream in(path_);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    text.resize(text.rfind('\n') + 1);
    auto partial = read_history_text(text, path_, HistoryFormat::kJsonl);
    ASSERT_TRUE(partial.ok()) << partial.error().message;
    EXPECT_GT(partial->ops.size(), 200u);
  });
  RunOutcome outcome = run(o, memory_register_clients(store_));
  reader.join();
  EXPECT_GT(outcome.history.ops.size(), 2000u);
}

TEST_F(RunnerTest, NoNodesIsAProgrammerError) {
  Generator generator(options(1, 1), std::make_unique<RegisterWorkload>());
  auto writer = HistoryWriter::open(path_, RunClock());
  ASSERT_TRUE(writer.ok());
  EXPECT_THROW(run_workload(generator, memory_register_clients(store_), **writer, {}, {}),
               std::invalid_argument);
}

}  // namespace
}  // namespace faultline
