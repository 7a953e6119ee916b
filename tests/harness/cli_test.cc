// `faultline check` as a user runs it: the real binary, real files, exit codes
// (also of transactional histories, --model list-append | rw-register).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/history/op.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

using CommandRun = testing::BinaryRun;

CommandRun run(const std::string& args) { return testing::run_faultline(FAULTLINE_BINARY, args); }

std::string example(const std::string& name) {
  return std::string(FAULTLINE_SOURCE_DIR) + "/examples/histories/" + name;
}

std::string write_temp(const std::string& name, const std::string& text) {
  // The pid keeps two test runs on one machine (two worktrees) apart.
  fs::path path =
      fs::temp_directory_path() / ("faultline-cli-test-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(path) << text;
  return path.string();
}

TEST(CheckCommand, ValidHistoryExitsZero) {
  CommandRun r = run("check --init 0 " + example("register-valid.jsonl"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("register-valid.jsonl: valid"), std::string::npos) << r.out;
}

TEST(CheckCommand, InvalidHistoryExitsOneAndShowsTheStaleRead) {
  CommandRun r = run("check --init 0 " + example("etcd-stale-read.jsonl"));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("INVALID"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("-> line 8  process 3  read 1  ok"), std::string::npos) << r.out;
}

// A JSON-lines file is streamed into the checker (no size limit); the same
// history through a pipe is read whole, as EDN and logs are: same verdict and evidence.
TEST(CheckCommand, JsonLinesAreStreamedPastTheSizeLimitWithTheVerdictOfAWholeRead) {
  const std::string file = example("etcd-stale-read.jsonl");
  ASSERT_GT(fs::file_size(file), 200u);
  CommandRun streamed = run("check --init 0 --max-input-size 0.0001 " + file);
  EXPECT_EQ(streamed.status, 1) << streamed.out;
  EXPECT_NE(streamed.out.find("-> line 8  process 3  read 1  ok"), std::string::npos)
      << streamed.out;
  // A pipe is read whole, up to the size limit.
  const std::string fifo = write_temp("stale-read.fifo", "");
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto through_fifo = [&](const std::string& options) {
    return run("check --init 0 " + options + fifo + " 2>&1 & cat " + file + " > " + fifo +
               "; wait $!");
  };
  CommandRun piped = through_fifo("");
  EXPECT_EQ(piped.status, 1) << piped.out;
  EXPECT_NE(piped.out.find("-> line 8  process 3  read 1  ok"), std::string::npos) << piped.out;
  CommandRun refused = through_fifo("--max-input-size 0.0001 ");
  EXPECT_EQ(refused.status, 255) << refused.out;
  EXPECT_NE(refused.out.find("--max-input-size MB raises it"), std::string::npos) << refused.out;
  fs::remove(fifo);
}

TEST(CheckCommand, JsonGivesOneResultPerFileWithEvidence) {
  CommandRun r = run("check --init 0 --json " + example("etcd-stale-read.jsonl") + " " +
                     example("register-valid.jsonl"));
  EXPECT_EQ(r.status, 1);
  std::istringstream lines(r.out);
  std::string first, second;
  std::getline(lines, first);
  std::getline(lines, second);
  Json a = Json::parse(first), b = Json::parse(second);
  EXPECT_EQ(a["valid"], false);
  EXPECT_EQ(a["model"], "cas-register");
  EXPECT_EQ(a["evidence"]["failed_op"]["line"], 8);
  EXPECT_EQ(a["evidence"]["states_before_failure"], Json::array({2}));
  EXPECT_EQ(a["partition_counts"]["total"], 1);
  EXPECT_EQ(b["valid"], true);
  EXPECT_TRUE(b["timing"].contains("seconds"));
}

TEST(CheckCommand, UnknownModelIsBadUsageWithASuggestion) {
  CommandRun r = run("check --model cas-registr " + example("register-valid.jsonl"));
  EXPECT_EQ(r.status, 254);
  EXPECT_NE(r.out.find("did you mean 'cas-register'"), std::string::npos) << r.out;
}

TEST(CheckCommand, MissingFileIsAnErrorNamingIt) {
  CommandRun r = run("check /nonexistent/history.jsonl");
  EXPECT_EQ(r.status, 255);
  EXPECT_NE(r.out.find("/nonexistent/history.jsonl"), std::string::npos) << r.out;
}

TEST(CheckCommand, CorruptLineIsAnErrorWithLineAndColumn) {
  std::string path = write_temp("corrupt.jsonl",
                                "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n"
                                "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"value\":}\n");
  CommandRun r = run("check " + path);
  EXPECT_EQ(r.status, 255);
  EXPECT_NE(r.out.find(path + ":2:"), std::string::npos) << r.out;
}

TEST(CheckCommand, ExhaustedMemoryIsUnknownExitTwo) {
  CommandRun r = run("check --init 0 --memory-limit 0.000001 " + example("register-valid.jsonl"));
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_NE(r.out.find("unknown (memory limit)"), std::string::npos) << r.out;
}

TEST(CheckCommand, ModelThatCannotReadTheHistoryNamesTheLine) {
  CommandRun r = run("check --model mutex " + example("register-valid.jsonl"));
  EXPECT_EQ(r.status, 255);
  EXPECT_NE(r.out.find("register-valid.jsonl:1"), std::string::npos) << r.out;
}

TEST(CheckCommand, HelpIsForAPerson) {
  CommandRun r = run("check --help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--nil-read"), std::string::npos);
  EXPECT_NE(r.out.find("Exit status"), std::string::npos);
  CommandRun top = run("--help");
  EXPECT_EQ(top.status, 0);
  EXPECT_NE(top.out.find("check"), std::string::npos);
}

TEST(CheckCommand, JepsenTextLogIsReadToo) {
  std::string path = write_temp("jepsen.log",
                                "INFO  jepsen.util - 0\t:invoke\t:write\t1\n"
                                "INFO  jepsen.util - 0\t:ok\t:write\t1\n"
                                "INFO  jepsen.util - 1\t:invoke\t:read\tnil\n"
                                "INFO  jepsen.util - 1\t:ok\t:read\t0\n");
  CommandRun r = run("check --init 0 " + path);
  EXPECT_EQ(r.status, 1) << r.out;
}

}  // namespace
}  // namespace faultline

namespace faultline {
namespace {

// Key "a" reads a value nothing wrote; keys "b" and "c" are fine.
std::string three_keys_one_bad() {
  std::string text;
  int index = 0;
  auto line = [&](const char* key, int process, const char* type, const char* f,
                  const char* value) {
    text += "{\"index\":" + std::to_string(index++) + ",\"process\":" + std::to_string(process) +
            ",\"type\":\"" + type + "\",\"f\":\"" + f + "\",\"key\":\"" + key +
            "\",\"value\":" + value + "}\n";
  };
  for (const char* key : {"a", "b", "c"}) {
    line(key, 0, "invoke", "put", "1");
    line(key, 0, "ok", "put", "1");
    line(key, 1, "invoke", "get", "null");
    line(key, 1, "ok", "get", std::string(key) == "a" ? "2" : "1");
  }
  line("a", 2, "invoke", "get", "null");
  line("a", 2, "ok", "get", "1");
  return text;
}

TEST(CheckCommand, KeysAfterTheFirstInvalidOneAreNotCheckedUnlessAllKeys) {
  const std::string file = write_temp("three-keys.jsonl", three_keys_one_bad());
  CommandRun first = run("check --model kv --threads 1 " + file);
  EXPECT_EQ(first.status, 1) << first.out;
  EXPECT_NE(first.out.find("2 of 3 keys not checked (an earlier key was invalid)"),
            std::string::npos)
      << first.out;
  CommandRun all = run("check --model kv --threads 1 --all-keys --json " + file);
  EXPECT_EQ(all.status, 1) << all.out;
  Json j = Json::parse(all.out);
  EXPECT_EQ(j["partition_counts"]["not_checked"], 0);
  EXPECT_EQ(j["partition_counts"]["invalid"], 1);
  for (const Json& p : j["partitions"]) EXPECT_FALSE(p.contains("checked")) << p.dump();
}

TEST(CheckCommand, KvStringAppendConcatenates) {
  const std::string file = write_temp(
      "kv-string.jsonl",
      "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"append\",\"key\":\"k\",\"value\":"
      "\"a\"}\n"
      "{\"index\":1,\"process\":0,\"type\":\"ok\",\"f\":\"append\",\"key\":\"k\",\"value\":\"a\"}\n"
      "{\"index\":2,\"process\":0,\"type\":\"invoke\",\"f\":\"append\",\"key\":\"k\",\"value\":"
      "\"b\"}\n"
      "{\"index\":3,\"process\":0,\"type\":\"ok\",\"f\":\"append\",\"key\":\"k\",\"value\":\"b\"}\n"
      "{\"index\":4,\"process\":1,\"type\":\"invoke\",\"f\":\"get\",\"key\":\"k\",\"value\":null}\n"
      "{\"index\":5,\"process\":1,\"type\":\"ok\",\"f\":\"get\",\"key\":\"k\",\"value\":\"ab\"}\n");
  CommandRun r = run("check --model kv-string " + file);
  EXPECT_EQ(r.status, 0) << r.out;
  CommandRun list = run("check --model kv " + file);
  EXPECT_EQ(list.status, 1) << "kv appends list elements: \"ab\" is not [\"a\",\"b\"]\n"
                            << list.out;
}

// --model list-append | rw-register: transactions by Elle's method.

TEST(CheckTxnCommand, ReadSkewIsInvalidWithItsCycleInWords) {
  CommandRun r = run("check --model list-append " + example("append-read-skew.jsonl"));
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("INVALID  (list-append, 4 txns"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("G-single: a cycle of 2 txns"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("T1 -wr-> T0: T0 read [1] of y, which T1's append of 1 produced"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("does not rule out: read-committed"), std::string::npos) << r.out;
}

TEST(CheckTxnCommand, JepsenEdnTxnHistoryWithAnInfoTxnIsValidEvenInRealTime) {
  CommandRun r = run("check --model list-append --realtime " + example("append-valid.edn"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("valid  (list-append, 3 txns: 2 ok, 0 failed, 1 info"), std::string::npos)
      << r.out;
}

TEST(CheckTxnCommand, JsonListsTheAnomaliesAndTheModelsRuledOut) {
  CommandRun r = run("check --model list-append --json " + example("append-read-skew.jsonl"));
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
  CommandRun empty = run("check --model rw-register " + write_temp("empty.jsonl", ""));
  EXPECT_EQ(empty.status, 2) << empty.out;
  EXPECT_NE(empty.out.find("unknown (no ops to check)"), std::string::npos) << empty.out;
  CommandRun none = run("check --model list-append " + example("register-valid.jsonl"));
  EXPECT_EQ(none.status, 2) << none.out;
  EXPECT_NE(none.out.find("unknown: no txns to check"), std::string::npos) << none.out;
}

TEST(CheckTxnCommand, MalformedMicroOpIsAnErrorAtItsLine) {
  const std::string path = write_temp(
      "bad-txn.jsonl",
      "{\"process\":0,\"type\":\"invoke\",\"f\":\"txn\",\"value\":[[\"r\",\"x\",null]]}\n"
      "{\"process\":0,\"type\":\"ok\",\"f\":\"txn\",\"value\":[[\"inc\",\"x\",1]]}\n");
  CommandRun r = run("check --model list-append " + path);
  EXPECT_EQ(r.status, 255) << r.out;
  EXPECT_NE(r.out.find(path + ":2: micro-op 1: f must be append, r or w"), std::string::npos)
      << r.out;
}

TEST(CheckTxnCommand, UnknownModelNamesTheTxnModelsToo) {
  CommandRun r = run("check --model list-apend " + example("append-valid.edn"));
  EXPECT_EQ(r.status, 254) << r.out;
  EXPECT_NE(r.out.find("list-append"), std::string::npos) << r.out;
}
}  // namespace
}  // namespace faultline

namespace faultline {
namespace {

// --expect: only an anomaly that rules the claimed model out is a violation.
TEST(CheckTxnCommand, ExpectSaysWhichModelTheDatabaseClaims) {
  CommandRun weak =
      run("check --model list-append --expect read-committed " + example("append-read-skew.jsonl"));
  EXPECT_EQ(weak.status, 0) << weak.out;
  EXPECT_NE(weak.out.find("anomalies: G-single 1"), std::string::npos) << weak.out;
  EXPECT_NE(weak.out.find("expected: read-committed (not ruled out"), std::string::npos)
      << weak.out;
  CommandRun strong =
      run("check --model list-append --expect serializable " + example("append-read-skew.jsonl"));
  EXPECT_EQ(strong.status, 1) << strong.out;
  CommandRun wrong =
      run("check --model list-append --expect serialisable " + example("append-read-skew.jsonl"));
  EXPECT_EQ(wrong.status, 254) << wrong.out;
}

}  // namespace
}  // namespace faultline
