// A second, independent proof of rules whose only test was one where a bug
// would be silent: the cas old-value check, the counter's upper bound, an
// info op giving its worker a fresh process, and what a hung adapter's op
// becomes. Each goes through another path than its first test (the stored
// JSON-lines history and check_history(), or the runner with real adapter
// processes).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "harness/history/history_reader.h"
#include "tests/support/workload_run.h"
#include "workloads/adapter_client.h"
#include "workloads/catalog.h"
#include "workloads/check_history.h"
#include "workloads/memory_register.h"

namespace faultline {
namespace {

History jsonl(const std::string& text) {
  Parsed<History> history = read_history_text(text, "h.jsonl", HistoryFormat::kJsonl);
  EXPECT_TRUE(history) << history.error().to_string();
  return history ? *history : History{};
}

// Written by hand: k's value is 2 when a cas from 1 succeeds.
TEST(SecondProof, ACasFromAValueTheKeyNoLongerHeldIsInvalid) {
  const History h = jsonl(
      R"({"process":0,"type":"invoke","f":"write","key":"k","value":1}
{"process":0,"type":"ok","f":"write","key":"k","value":1}
{"process":0,"type":"invoke","f":"write","key":"k","value":2}
{"process":0,"type":"ok","f":"write","key":"k","value":2}
{"process":1,"type":"invoke","f":"cas","key":"k","value":[1,3]}
{"process":1,"type":"ok","f":"cas","key":"k","value":[1,3]}
)");
  EXPECT_EQ(check_history(h, *checker_for("register")).verdict, Verdict::kInvalid);
  // The same cas from the value the key held is fine.
  const History fine = jsonl(
      R"({"process":0,"type":"invoke","f":"write","key":"k","value":1}
{"process":0,"type":"ok","f":"write","key":"k","value":1}
{"process":1,"type":"invoke","f":"cas","key":"k","value":[1,3]}
{"process":1,"type":"ok","f":"cas","key":"k","value":[1,3]}
{"process":1,"type":"invoke","f":"read","key":"k","value":null}
{"process":1,"type":"ok","f":"read","key":"k","value":3}
)");
  EXPECT_EQ(check_history(fine, *checker_for("register")).verdict, Verdict::kValid);
}

// Adds of 2 and 3 (one of them indeterminate): a read of 6 is more than any
// could have made.
TEST(SecondProof, ACounterReadAboveEveryPossibleAddIsInvalid) {
  const std::string adds =
      R"({"process":0,"type":"invoke","f":"add","key":"c","value":2}
{"process":0,"type":"ok","f":"add","key":"c","value":2}
{"process":1,"type":"invoke","f":"add","key":"c","value":3}
{"process":1,"type":"info","f":"add","key":"c","value":3}
{"process":2,"type":"invoke","f":"read","key":"c","value":null}
)";
  const History high = jsonl(adds + R"({"process":2,"type":"ok","f":"read","key":"c","value":6}
)");
  EXPECT_EQ(check_history(high, *checker_for("counter")).verdict, Verdict::kInvalid);
  const History top = jsonl(adds + R"({"process":2,"type":"ok","f":"read","key":"c","value":5}
)");
  EXPECT_EQ(check_history(top, *checker_for("counter")).verdict, Verdict::kValid)
      << "5: both adds took effect";
}

GeneratorOptions small_run(int concurrency, int64_t ops) {
  GeneratorOptions o;
  o.concurrency = concurrency;
  o.max_ops = ops;
  o.active_keys = 2;
  o.final_ops = false;
  o.seed = 3;
  return o;
}

// Every op ends in info: each must be the only op of its process, and the
// process ids a worker goes through are w, w + concurrency, w + 2 concurrency...
TEST(SecondProof, EveryInfoGivesTheWorkerAFreshProcess) {
  MemoryRegisterStore store;
  const WorkloadRun run = run_to_history(small_run(3, 60), make_workload("register"),
                                         memory_register_clients(store, {.info_rate = 1.0}),
                                         {{"n1"}, std::chrono::seconds(5)});
  ASSERT_EQ(run.error, "");
  std::map<int64_t, int> ops_of;
  for (const Op& op : run.history.ops) {
    if (op.type == OpType::kInvoke) ++ops_of[op.process];
  }
  EXPECT_EQ(ops_of.size(), 60u) << "60 ops, each on its own process";
  for (const auto& [process, ops] : ops_of) EXPECT_EQ(ops, 1) << "process " << process;
  // Each worker's processes: w, w + 3, w + 6, ... with none skipped.
  std::map<int64_t, std::vector<int64_t>> by_worker;
  for (const auto& [process, ops] : ops_of) by_worker[process % 3].push_back(process);
  for (const auto& [worker, processes] : by_worker) {
    for (size_t i = 0; i < processes.size(); ++i) {
      EXPECT_EQ(processes[i], worker + 3 * static_cast<int64_t>(i)) << "worker " << worker;
    }
  }
}

// An adapter that never answers, through the runner: each op is info by its
// deadline, and the worker goes on as a fresh process with a fresh adapter.
TEST(SecondProof, AHungAdapterMakesEveryOpInfoWithAFreshProcess) {
  AdapterOptions options;
  options.command = {"sh", "-c", "exec sleep 600"};
  options.log = [](const std::string&) {};
  const auto target_of = [](const std::string& node) {
    return AdapterTarget{node, "127.0.0.1", "", {"127.0.0.1"}};
  };
  const WorkloadRun run =
      run_to_history(small_run(1, 3), make_workload("register"),
                     adapter_clients(options, target_of), {{"n1"}, std::chrono::milliseconds(300)});
  ASSERT_EQ(run.error, "");
  std::vector<int64_t> processes;
  for (const Op& op : run.history.ops) {
    if (op.type == OpType::kInvoke) {
      processes.push_back(op.process);
    } else {
      EXPECT_EQ(op.type, OpType::kInfo) << op.f;
    }
  }
  EXPECT_EQ(processes, (std::vector<int64_t>{0, 1, 2}));
}

}  // namespace
}  // namespace faultline
