// End to end without a database: the runner drives each workload against an
// in-memory store through faulty clients, and check_history() reads the
// history with the checker the catalog names for that workload.
#include "workloads/check_history.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "checkers/linearizability_text.h"
#include "tests/support/workload_run.h"
#include "workloads/catalog.h"
#include "workloads/memory_counter.h"
#include "workloads/memory_register.h"
#include "workloads/memory_set.h"

namespace faultline {
namespace {

GeneratorOptions generator_options() {
  GeneratorOptions o;
  o.concurrency = 4;
  o.max_ops = 2000;
  o.active_keys = 3;
  o.ops_per_key = 300;
  o.seed = 17;
  return o;
}

const RunnerOptions kRunner{{"n1", "n2"}, std::chrono::seconds(5)};

CheckOutcome run_and_check(const std::string& workload, const ClientFactory& clients) {
  const WorkloadRun run =
      run_to_history(generator_options(), make_workload(workload), clients, kRunner);
  EXPECT_EQ(run.error, "");
  EXPECT_EQ(run.summary.reached, Phase::kDone);
  return check_history(run.history, *checker_for(workload));
}

const MemoryClientFaults kHonestFaults{.fail_rate = 0.05, .info_rate = 0.05};

TEST(CheckHistory, AnHonestSetWithFailsAndInfosIsValid) {
  MemorySetStore store;
  const CheckOutcome outcome = run_and_check("set", memory_set_clients(store, kHonestFaults, 1));
  EXPECT_EQ(outcome.checker, "set");
  EXPECT_EQ(outcome.verdict, Verdict::kValid) << outcome.summary;
  EXPECT_EQ(outcome.details["valid"], true);
  EXPECT_GT(outcome.details["acknowledged"].get<int>(), 1000);
  EXPECT_GT(outcome.details["recovered_count"].get<int>(), 0) << "some info adds landed";
  EXPECT_EQ(outcome.summary.rfind("set: valid", 0), 0u) << outcome.summary;
}

TEST(CheckHistory, ASetThatDropsAcknowledgedAddsIsCaughtLosingThem) {
  MemorySetStore store;
  MemoryClientFaults faults = kHonestFaults;
  faults.lost_update_rate = 0.02;
  const CheckOutcome outcome = run_and_check("set", memory_set_clients(store, faults, 2));
  EXPECT_EQ(outcome.verdict, Verdict::kInvalid) << outcome.summary;
  EXPECT_GT(outcome.details["lost_count"].get<int>(), 0);
  EXPECT_EQ(outcome.details["unexpected_count"], 0);
  const Json& lost = outcome.details["lost"][0];
  EXPECT_EQ(lost["add_type"], "ok");
  EXPECT_LT(lost["add_invoke_index"].get<int64_t>(), lost["add_complete_index"].get<int64_t>());
  EXPECT_NE(outcome.summary.find("\n  lost on key "), std::string::npos) << outcome.summary;
  EXPECT_NE(outcome.summary.back(), '\n');
}

TEST(CheckHistory, AnHonestCounterWithFailsAndInfosIsValid) {
  MemoryCounterStore store;
  const CheckOutcome outcome =
      run_and_check("counter", memory_counter_clients(store, kHonestFaults, 3));
  EXPECT_EQ(outcome.checker, "counter");
  EXPECT_EQ(outcome.verdict, Verdict::kValid) << outcome.summary;
  EXPECT_GT(outcome.details["reads"].get<int>(), 500);
}

TEST(CheckHistory, ACounterThatDropsAcknowledgedAddsReadsOutOfBounds) {
  MemoryCounterStore store;
  const CheckOutcome outcome =
      run_and_check("counter", memory_counter_clients(store, {.lost_update_rate = 0.05}, 4));
  EXPECT_EQ(outcome.verdict, Verdict::kInvalid) << outcome.summary;
  const Json& bad = outcome.details["out_of_bounds"][0];
  EXPECT_LT(bad["value"].get<int64_t>(), bad["lower"].get<int64_t>()) << bad;
  EXPECT_NE(outcome.summary.find("outside ["), std::string::npos) << outcome.summary;
}

// The summary is `faultline check`'s text, timing aside.
std::string without_seconds(const std::string& text) {
  return std::regex_replace(text, std::regex(R"(\d+\.\d{3} s)"), "T s");
}

TEST(CheckHistory, ARegisterIsCheckedForLinearizabilityAndReadsLikeFaultlineCheck) {
  MemoryRegisterStore store;
  GeneratorOptions options = generator_options();
  options.max_ops = 600;
  const WorkloadRun run =
      run_to_history(options, make_workload("register"),
                     memory_register_clients(store, {.stale_read_rate = 0.3}, 5), kRunner);
  ASSERT_EQ(run.error, "");
  // One thread: with more, how many keys a stop at the first invalid key leaves unchecked
  // depends on timing, and the two texts compared below would differ only in that count.
  const CheckOutcome outcome = check_history(run.history, *checker_for("register"), {.threads = 1});
  EXPECT_EQ(outcome.checker, "linearizability");
  EXPECT_EQ(outcome.verdict, Verdict::kInvalid) << outcome.summary;
  EXPECT_EQ(outcome.details["model"], "cas-register");
  EXPECT_EQ(outcome.details["valid"], false);

  const CheckerChoice choice = *checker_for("register");
  LinearizabilityOptions plain;
  plain.model = choice.model_options;
  plain.threads = 1;
  std::ostringstream expected;
  print_check_result(expected, run.history.source,
                     check_linearizability(run.history, *make_model(choice.model), plain));
  std::string text = expected.str();
  text.pop_back();
  EXPECT_EQ(without_seconds(outcome.summary), without_seconds(text));
  EXPECT_NE(outcome.summary.find("cannot linearize"), std::string::npos);
}

TEST(CheckHistory, AnUnknownCheckerOrModelIsUnknownAndSaysSo) {
  const History empty;
  const CheckOutcome checker = check_history(empty, {"sets", "", {}, {}});
  EXPECT_EQ(checker.verdict, Verdict::kUnknown);
  EXPECT_NE(checker.summary.find("did you mean 'set'"), std::string::npos) << checker.summary;
  const CheckOutcome model = check_history(empty, {"linearizability", "cas-registr", {}, {}});
  EXPECT_EQ(model.verdict, Verdict::kUnknown);
  EXPECT_EQ(model.details["valid"], "unknown");
  EXPECT_NE(model.summary.find("unknown model 'cas-registr'"), std::string::npos) << model.summary;
}

}  // namespace
}  // namespace faultline
