#include "nemeses/nemesis_runner.h"

#include <gtest/gtest.h>

#include <mutex>
#include <stdexcept>

#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;
using testing::FakeRemote;

RemoteError refused(std::string message) {
  RemoteError error;
  error.kind = RemoteErrorKind::kRefused;
  error.message = std::move(message);
  return error;
}

// Records what the runner asks of its faults, in order, from any thread.
struct Log {
  std::mutex mutex;
  std::vector<std::string> calls;
  std::vector<Op> ops;
  void call(std::string what) {
    std::lock_guard lock(mutex);
    calls.push_back(std::move(what));
  }
  void op(Op op) {
    std::lock_guard lock(mutex);
    ops.push_back(std::move(op));
  }
};

class FakeFault : public FaultAction {
 public:
  FakeFault(Log& log, PlannedFault fault, Ledger* ledger, bool fail_stop)
      : log_(log), fault_(std::move(fault)), ledger_(ledger), fail_stop_(fail_stop) {}
  FaultOutcome start() override {
    // The ledger must know of the fault before anything touches a node.
    log_.call("start " + fault_.kind + (ledger_->active().empty() ? " (unrecorded!)" : ""));
    return {{fault_.kind, {"n1"}, {{"applied", fault_.number}}}, {}, {"n1: a note"}};
  }
  FaultOutcome stop() override {
    log_.call("stop " + fault_.kind);
    FaultOutcome outcome{{fault_.kind, {"n1"}, {{"undone", fault_.number}}}, {}, {}};
    if (fail_stop_) outcome.errors.push_back("n1: unreachable");
    return outcome;
  }

 private:
  Log& log_;
  PlannedFault fault_;
  Ledger* ledger_;
  bool fail_stop_;
};

Plan short_plan(int faults, milliseconds interval, milliseconds duration) {
  Schedule schedule;
  schedule.interval = interval;
  schedule.duration = duration;
  schedule.order = ScheduleOrder::kFixed;
  schedule.faults = {{"partition", {{"shape", "halves"}}, "", {}},
                     {"loss", {{"percent", 20}}, "all", {}}};
  return plan_schedule(schedule, 1, (interval + duration) * faults);
}

class Runner : public ::testing::Test {
 protected:
  NemesisRunnerOptions options(Plan plan, bool fail_stop = false) {
    NemesisRunnerOptions o;
    o.plan = std::move(plan);
    o.ledger = &ledger_;
    o.emit = [this](Op op) { log_.op(std::move(op)); };
    o.make_fault = [this, fail_stop](const PlannedFault& fault) {
      return std::make_unique<FakeFault>(log_, fault, &ledger_, fail_stop);
    };
    o.remotes = {&n1_};
    o.healers = {{"network", [](const std::vector<Remote*>& remotes) {
                    return run_on_nodes(remotes, Command::shell("heal network"));
                  }}};
    return o;
  }
  std::vector<std::string> fs() {
    std::vector<std::string> out;
    for (const Op& op : log_.ops) out.push_back(op.f);
    return out;
  }

  Log log_;
  Ledger ledger_;
  FakeRemote n1_{"n1"};
};

TEST_F(Runner, EmitsAnInvokeAndACompletionForEveryStartAndStopInOrder) {
  NemesisRunner runner(options(short_plan(2, milliseconds(5), milliseconds(10))));
  NemesisReport report = runner.run({});
  EXPECT_EQ(fs(), (std::vector<std::string>{"start-partition", "start-partition", "stop-partition",
                                            "stop-partition", "start-loss", "start-loss",
                                            "stop-loss", "stop-loss", "heal", "heal"}));
  for (const Op& op : log_.ops) {
    EXPECT_EQ(op.process, kNemesisProcess);
    EXPECT_EQ(op.type, OpType::kInfo);
  }
  EXPECT_EQ(log_.ops[0].value, Json({{"shape", "halves"}}));
  EXPECT_EQ(log_.ops[1].value, Json({{"applied", 1}}));
  EXPECT_EQ(log_.ops[1].error, Json({{"notes", {"n1: a note"}}}));
  EXPECT_EQ(log_.ops[2].value, Json({{"applied", 1}})) << "stop's invoke names what is undone";
  EXPECT_EQ(log_.ops[3].value, Json({{"undone", 1}}));
  EXPECT_TRUE(log_.ops[3].error.is_null());
  EXPECT_EQ(log_.ops[4].value, Json({{"percent", 20}, {"target", "all"}}));
  EXPECT_EQ(log_.ops[9].value, Json({{"n1", {{"network", "ok"}}}}));
  for (size_t i = 1; i < log_.ops.size(); ++i) {
    EXPECT_GE(log_.ops[i].time_ns, log_.ops[i - 1].time_ns);
  }
  // Faults keep the plan's clock: the start is due at 5 ms, the stop at
  // 5 + 10 ms, both counted from the run's start (a slow start does not move
  // the stop). Neither may come early; on a loaded machine both may be late.
  EXPECT_GE(log_.ops[0].time_ns, 5'000'000) << "the fault starts when the plan says";
  EXPECT_GE(log_.ops[2].time_ns, 15'000'000) << "the fault stays until the plan's stop time";
  EXPECT_EQ(log_.calls, (std::vector<std::string>{"start partition", "stop partition", "start loss",
                                                  "stop loss"}));
  EXPECT_FALSE(report.stopped_early);
  EXPECT_EQ(report.faults_started, 2);
  EXPECT_TRUE(report.errors.empty());
  EXPECT_TRUE(report.still_active.empty());
  ASSERT_TRUE(report.heal.has_value());
  EXPECT_TRUE(report.heal->ok());
  EXPECT_EQ(n1_.command_lines().size(), 1u);
  EXPECT_EQ(ledger_.state().faults.size(), 2u);
}

TEST_F(Runner, AStopRequestEndsTheRunAndHealsTheActiveFault) {
  // One fault, then a long one: stop while the first fault is on.
  NemesisRunner runner(options(short_plan(1, milliseconds(1), milliseconds(60'000))));
  runner.start();
  for (int i = 0; i < 500 && ledger_.active().empty(); ++i) {
    std::this_thread::sleep_for(milliseconds(2));
  }
  ASSERT_EQ(ledger_.active().size(), 1u);
  const auto asked = std::chrono::steady_clock::now();
  runner.request_stop();
  NemesisReport report = runner.wait();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, milliseconds(5'000));
  EXPECT_TRUE(report.stopped_early);
  EXPECT_EQ(log_.calls, (std::vector<std::string>{"start partition", "stop partition"}));
  EXPECT_EQ(fs(), (std::vector<std::string>{"start-partition", "start-partition", "stop-partition",
                                            "stop-partition", "heal", "heal"}));
  EXPECT_TRUE(ledger_.active().empty());
  EXPECT_EQ(n1_.command_lines(), (std::vector<std::string>{"heal network"}));
}

TEST_F(Runner, AnExternalStopTokenStopsItBeforeTheFirstFault) {
  std::stop_source interrupt;
  NemesisRunner runner(options(short_plan(1, milliseconds(60'000), milliseconds(10))));
  runner.start(interrupt.get_token());
  interrupt.request_stop();
  NemesisReport report = runner.wait();
  EXPECT_TRUE(report.stopped_early);
  EXPECT_TRUE(log_.calls.empty());
  EXPECT_EQ(fs(), (std::vector<std::string>{"heal", "heal"})) << "heals even so";
}

TEST_F(Runner, AFailedStopLeavesTheFaultToTheBackstopHeal) {
  NemesisRunner runner(options(short_plan(1, milliseconds(1), milliseconds(1)), true));
  NemesisReport report = runner.run({});
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0], "stop-partition: n1: unreachable");
  EXPECT_EQ(log_.ops[3].error, Json({{"errors", {"n1: unreachable"}}}));
  EXPECT_TRUE(report.still_active.empty()) << "heal_all succeeded, so nothing is left";
}

TEST_F(Runner, AFailedBackstopHealIsReportedAndLeavesTheLedgerActive) {
  n1_.on("heal network", refused("refused"));
  NemesisRunner runner(options(short_plan(1, milliseconds(1), milliseconds(1)), true));
  NemesisReport report = runner.run({});
  ASSERT_TRUE(report.heal.has_value());
  EXPECT_FALSE(report.heal->ok());
  EXPECT_EQ(log_.ops.back().error, Json({{"errors", {"n1 network: refused"}}}));
  EXPECT_EQ(report.still_active.size(), 1u);
}

TEST_F(Runner, AKindWithNoActionIsAnErrorNotACrash) {
  NemesisRunnerOptions o = options(short_plan(1, milliseconds(1), milliseconds(1)));
  o.make_fault = [](const PlannedFault&) { return std::unique_ptr<FaultAction>(); };
  NemesisRunner runner(std::move(o));
  NemesisReport report = runner.run({});
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_NE(report.errors[0].find("cannot apply 'partition'"), std::string::npos);
  EXPECT_TRUE(ledger_.state().faults.empty()) << "nothing was applied";
}

// A fault that "succeeds" on no node (netem missing from every kernel).
class NowhereFault : public FaultAction {
 public:
  FaultOutcome start() override {
    return {{"netem", {}, Json::object()}, {}, {"n1: netem is not in this kernel: not applied"}};
  }
  FaultOutcome stop() override { return {}; }
};

TEST_F(Runner, AFaultAppliedToNoNodeIsAnErrorNotASilentSuccess) {
  NemesisRunnerOptions o = options(short_plan(1, milliseconds(1), milliseconds(1)));
  o.make_fault = [](const PlannedFault&) { return std::make_unique<NowhereFault>(); };
  NemesisRunner runner(std::move(o));
  NemesisReport report = runner.run({});
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0],
            "start-partition: applied to no node: n1: netem is not in this kernel: not applied");
  ASSERT_GE(log_.ops.size(), 2u);
  EXPECT_EQ(log_.ops[1].error["errors"][0],
            "applied to no node: n1: netem is not in this kernel: not applied")
      << "the history says so too";
}

TEST_F(Runner, AFaultAppliedSomewhereHasNoSuchError) {
  NemesisRunner runner(options(short_plan(1, milliseconds(1), milliseconds(1))));
  EXPECT_TRUE(runner.run({}).errors.empty());
}

class ThrowingFault : public FaultAction {
 public:
  explicit ThrowingFault(Log& log) : log_(log) {}
  FaultOutcome start() override {
    log_.call("start");
    throw std::runtime_error("bug in start");
  }
  FaultOutcome stop() override {
    log_.call("stop");
    return {};
  }

 private:
  Log& log_;
};

TEST_F(Runner, AFaultThatThrowsIsStillHealedAndTheErrorRethrown) {
  NemesisRunnerOptions o = options(short_plan(1, milliseconds(1), milliseconds(1)));
  o.make_fault = [this](const PlannedFault&) { return std::make_unique<ThrowingFault>(log_); };
  NemesisRunner runner(std::move(o));
  runner.start();
  EXPECT_THROW(runner.wait(), std::runtime_error);
  EXPECT_EQ(log_.calls, (std::vector<std::string>{"start", "stop"}));
  EXPECT_EQ(n1_.command_lines().size(), 1u) << "the backstop heal ran";
  EXPECT_TRUE(ledger_.active().empty());
}

}  // namespace
}  // namespace faultline
