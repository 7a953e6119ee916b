// `faultline check` as a user runs it: the real binary, real files, exit codes.
#include <gtest/gtest.h>

#include "tests/support/run_binary.h"
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/op.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

using CommandRun = testing::BinaryRun;

CommandRun run(const std::string& args) {
  return testing::run_faultline(FAULTLINE_BINARY, args);
}

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
