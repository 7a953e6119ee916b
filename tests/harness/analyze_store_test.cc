// `faultline analyze` checks a stored run again, and never vouches for more
// than the run could: a run that crashed, a run's own errors and verdict
// limits, and ops missing from its history keep the verdict from valid. The
// real binary on a store made by hand.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/history/op.h"
#include "harness/run/results.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

// A write of 1 then a read of 1 on k0: valid.
const std::string kOps =
    "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k0\",\"value\":1}\n"
    "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k0\",\"value\":1}\n"
    "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"k0\",\"value\":null}\n"
    "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"key\":\"k0\",\"value\":1}\n";

// results.json of a run that finished after recording kOps.
Json finished_run() {
  return Json::parse(R"({"test": "t", "seed": 1, "config": {"workload": "register"},
      "finished": "2026-12-02T10:00:00Z",
      "run": {"invoked": 2, "ok": 2, "failed": 0, "indeterminate": 0},
      "errors": [], "notes": [], "checkers": [], "nodes": []})");
}

class AnalyzeStore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("faultline-analyze-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  testing::BinaryRun analyze(const Json& results, const std::string& history) {
    std::ofstream(dir_ / "results.json") << results.dump(2);
    std::ofstream(dir_ / "history.jsonl") << history;
    return testing::run_faultline(FAULTLINE_BINARY, "analyze " + dir_.string() + " 2>&1");
  }
  Json stored() const {
    std::ifstream in(dir_ / "results.json");
    return Json::parse(in);
  }

  fs::path dir_;
};

TEST_F(AnalyzeStore, AFinishedRunWithItsWholeHistoryIsValid) {
  testing::BinaryRun r = analyze(finished_run(), kOps);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(stored()["verdict"], "valid");
}

// No "finished": the run crashed, and what it recorded is only a part.
TEST_F(AnalyzeStore, ARunThatCrashedIsUnknown) {
  Json results = finished_run();
  results.erase("finished");
  testing::BinaryRun r = analyze(results, kOps);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_EQ(stored()["verdict"], "unknown");
  EXPECT_EQ(stored()["interrupted"], true);
}

TEST_F(AnalyzeStore, TheRunsVerdictLimitsStay) {
  Json results = finished_run();
  const std::string limit =
      "1 of 1 written keys were never read after the heal (every final read failed: k0): a "
      "write lost on them cannot be seen";
  results["run_verdict_limits"] = Json::array({limit});
  testing::BinaryRun r = analyze(results, kOps);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("unknown because " + limit), std::string::npos) << r.out;
  EXPECT_EQ(stored()["verdict_limits"], Json::array({limit}));
}

TEST_F(AnalyzeStore, TheRunsErrorsStay) {
  Json results = finished_run();
  results["run_errors"] = Json::array({"db: n2: start: etcd exited"});
  testing::BinaryRun r = analyze(results, kOps);
  EXPECT_EQ(r.status, kExitHarnessFailed) << r.out;
  EXPECT_NE(r.out.find("error: db: n2: start: etcd exited"), std::string::npos) << r.out;
  EXPECT_EQ(stored()["verdict"], "error");
}

// The run invoked a third op that never completed (a worker lost); the
// history lost that invocation, and with it the evidence of the op.
TEST_F(AnalyzeStore, AHistoryThatLostAnInvocationIsUnknown) {
  Json results = finished_run();
  results["run"]["invoked"] = 3;
  const std::string third =
      "{\"process\":2,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k0\",\"value\":2}\n";
  EXPECT_EQ(analyze(results, kOps + third).status, 0) << "the whole history";
  testing::BinaryRun r = analyze(results, kOps);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("the history holds 2 client ops invoked and 2 completed, but the run "
                       "recorded 3 and 2"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace faultline
