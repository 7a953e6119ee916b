// `faultline check --model list-append|rw-register`: the real binary on
// transactional histories, their verdicts, evidence and exit codes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/history/op.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

testing::BinaryRun run(const std::string& args) {
  return testing::run_faultline(FAULTLINE_BINARY, args + " 2>&1");
}

std::string example(const std::string& name) {
  return std::string(FAULTLINE_SOURCE_DIR) + "/examples/histories/" + name;
}

std::string write_temp(const std::string& name, const std::string& text) {
  fs::path path =
      fs::temp_directory_path() / ("faultline-txn-cli-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(CheckTxnCommand, ReadSkewIsInvalidWithItsCycleInWords) {
  testing::BinaryRun r = run("check --model list-append " + example("append-read-skew.jsonl"));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("INVALID  (list-append, 4 txns"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("G-single: a cycle of 2 txns"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("T1 -wr-> T0: T0 read [1] of y, which T1's append of 1 produced"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("does not rule out: read-committed"), std::string::npos) << r.out;
}

TEST(CheckTxnCommand, JepsenEdnTxnHistoryWithAnInfoTxnIsValidEvenInRealTime) {
  testing::BinaryRun r = run("check --model list-append --realtime " + example("append-valid.edn"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("valid  (list-append, 3 txns: 2 ok, 0 failed, 1 info"), std::string::npos)
      << r.out;
}

TEST(CheckTxnCommand, JsonListsTheAnomaliesAndTheModelsRuledOut) {
  testing::BinaryRun r =
      run("check --model list-append --json " + example("append-read-skew.jsonl"));
  EXPECT_EQ(r.status, 1) << r.out;
  const Json j = Json::parse(r.out);
  EXPECT_EQ(j["valid"], false);
  EXPECT_EQ(j["anomaly_types"], Json::array({"G-single"}));
  EXPECT_EQ(j["not_ruled_out"], Json::array({"read-committed"}));
  EXPECT_EQ(j["anomalies"][0]["cycle"][0]["edge"], "rw");
  EXPECT_EQ(j["anomalies"][0]["cycle"][0]["key"], "x");
  EXPECT_EQ(j["anomalies"][0]["txns"][1]["micro_ops"],
            Json::array({"[append x 1]", "[append y 1]"}));
}

TEST(CheckTxnCommand, EmptyHistoryAndOneWithoutTxnsAreUnknown) {
  testing::BinaryRun empty = run("check --model rw-register " + write_temp("empty.jsonl", ""));
  EXPECT_EQ(empty.status, 2) << empty.out;
  EXPECT_NE(empty.out.find("unknown (no ops to check)"), std::string::npos) << empty.out;
  testing::BinaryRun none = run("check --model list-append " + example("register-valid.jsonl"));
  EXPECT_EQ(none.status, 2) << none.out;
  EXPECT_NE(none.out.find("unknown: no txns to check"), std::string::npos) << none.out;
}

TEST(CheckTxnCommand, MalformedMicroOpIsAnErrorAtItsLine) {
  const std::string path = write_temp(
      "bad-txn.jsonl",
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"r\",\"x\",null]]}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"inc\",\"x\",1]]}\n");
  testing::BinaryRun r = run("check --model list-append " + path);
  EXPECT_EQ(r.status, 255) << r.out;
  EXPECT_NE(r.out.find(path + ":2: micro-op 1: f must be append, r or w"), std::string::npos)
      << r.out;
}

TEST(CheckTxnCommand, UnknownModelNamesTheTxnModelsToo) {
  testing::BinaryRun r = run("check --model list-apend " + example("append-valid.edn"));
  EXPECT_EQ(r.status, 254) << r.out;
  EXPECT_NE(r.out.find("list-append"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace faultline
