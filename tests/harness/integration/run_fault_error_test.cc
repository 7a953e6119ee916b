// A run whose fault could not be applied is never VALID: `faultline run` on
// a real local cluster, a shell db whose `primaries` step names no node, and
// a partition of the primaries. The workload itself checks valid, so only
// the fault error can make the verdict unknown (exit 2), and results.json,
// junit.xml and the terminal say which fault. Needs root; about 20 s.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "harness/history/op.h"
#include "harness/base/text_file.h"
#include "tests/support/run_binary.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

TEST(RunFaultError, AFaultThatCouldNotBeAppliedMakesTheRunUnknownNotValid) {
  char pattern[] = "/tmp/faultline-fault-error-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  const std::string test = dir + "/test.yaml";
  std::ofstream(test) << "name: fault-error\n"
                         "nodes: {local: 2}\n"
                         "db:\n"
                         "  kind: shell\n"
                         "  steps:\n"
                         "    install: 'true'\n"
                         "    start: 'true'\n"
                         "    stop: 'true'\n"
                         "    wipe: 'true'\n"
                         "    primaries: 'true'   # names no node\n"
                         "client: {kind: adapter, command: [python3, " FAULTLINE_SOURCE_DIR
                         "/tests/workloads/adapters/register_memory.py]}\n"
                         "workload: register\n"
                         "concurrency: 1\n"
                         "rate: 50\n"
                         "time_limit: 3s\n"
                         "nemesis:\n"
                         "  interval: 1s\n"
                         "  duration: 1s\n"
                         "  faults:\n"
                         "    - partition: {shape: primaries}\n";
  testing::BinaryRun run =
      testing::run_faultline(FAULTLINE_BINARY, "run " + test + " --store " + dir + "/store");
  EXPECT_EQ(run.status, 2) << run.out;
  EXPECT_NE(run.out.find("fault error: start-partition: primaries: target "
                         "'primaries' picks no node of 2: the database named no primary"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("UNKNOWN  fault-error"), std::string::npos) << run.out;
  Result<std::string, FileError> text = read_text_file(dir + "/store/latest/results.json");
  ASSERT_TRUE(text) << text.error().reason;
  const Json results = Json::parse(*text);
  EXPECT_EQ(results["verdict"], "unknown");
  EXPECT_EQ(results["exit_code"], 2);
  EXPECT_EQ(results["checkers"][0]["valid"], true) << "the history itself is fine";
  EXPECT_FALSE(results["nemesis"]["errors"].empty()) << results["nemesis"].dump();
  EXPECT_NE(results.value("unknown_because", "").find("fault error(s)"), std::string::npos);
  Result<std::string, FileError> junit = read_text_file(dir + "/store/latest/junit.xml");
  ASSERT_TRUE(junit);
  EXPECT_NE(junit->find("name=\"nemesis\">\n    <error"), std::string::npos) << *junit;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace faultline
