// The store of a run: its folder, the latest links, atomic files, test.yaml
// as run (which must read back as the same test), and the run's log.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>

#include "harness/base/text_file.h"
#include "harness/config/test_overrides.h"
#include "harness/run/analysis.h"
#include "harness/run/run_log.h"
#include "harness/run/store.h"
#include "harness/run/test_as_run.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using std::chrono::system_clock;

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/faultline-store-XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~TempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// 2026-12-01T09:30:00Z
system_clock::time_point at_0930() { return system_clock::from_time_t(1796117400); }

TEST(RunStore, TimestampsAreUtc) {
  EXPECT_EQ(store_timestamp(at_0930()), "20261201T093000Z");
  EXPECT_EQ(iso_utc(at_0930()), "2026-12-01T09:30:00Z");
}

TEST(RunStore, MakesTheRunFolderAndPointsBothLatestLinksAtIt) {
  TempDir root;
  auto store = make_store_dir(root.path(), "etcd-register", at_0930());
  ASSERT_TRUE(store) << store.error();
  EXPECT_EQ(store->dir, root.path() + "/etcd-register/20261201T093000Z");
  EXPECT_TRUE(fs::is_directory(store->dir + "/nodes"));
  EXPECT_EQ(fs::read_symlink(root.path() + "/etcd-register/latest"), "20261201T093000Z");
  EXPECT_EQ(fs::read_symlink(root.path() + "/latest"), "etcd-register/20261201T093000Z");
  EXPECT_TRUE(fs::equivalent(root.path() + "/latest", store->dir));

  // A second run in the same second gets a folder of its own, and the links move.
  auto again = make_store_dir(root.path(), "etcd-register", at_0930());
  ASSERT_TRUE(again) << again.error();
  EXPECT_EQ(again->dir, root.path() + "/etcd-register/20261201T093000Z-1");
  EXPECT_TRUE(fs::equivalent(root.path() + "/latest", again->dir));
  EXPECT_TRUE(fs::is_directory(store->dir));
}

TEST(RunStore, SaysWhyTheStoreCannotBeMade) {
  TempDir root;
  const std::string blocker = root.path() + "/file";
  ASSERT_FALSE(write_file_atomically(blocker, "x"));
  auto store = make_store_dir(blocker, "t", at_0930());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().find("cannot make " + blocker + "/t"), std::string::npos)
      << store.error();
}

TEST(TextFile, WritesAtomicallyAndReadsBack) {
  TempDir dir;
  const std::string path = dir.path() + "/results.json";
  ASSERT_FALSE(write_file_atomically(path, "first"));
  ASSERT_FALSE(write_file_atomically(path, "second\n"));
  auto text = read_text_file(path);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, "second\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1)
      << "only results.json, no temporary file left";
  auto missing = read_text_file(dir.path() + "/none");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().reason, "No such file or directory");
  auto unwritable = write_file_atomically(dir.path() + "/no/such/dir/x", "y");
  ASSERT_TRUE(unwritable);
  EXPECT_NE(unwritable->find("/no/such/dir/x.tmp"), std::string::npos) << *unwritable;
}

const char kTest[] = R"(# my test
name: etcd-register
nodes: {local: 3}
db: etcd
client: {kind: etcd, reads: linearizable}
workload: register
concurrency: 10
rate: 200
time_limit: 40s
nemesis:
  interval: 4s
  duration: 5s
  faults:
    - partition: {shape: halves}
)";

TEST(TestAsRun, WritesTheSeedAndOverridesAndReadsBackAsTheSameTest) {
  Parsed<TestFile> test = parse_test_file(kTest, "t.yaml");
  ASSERT_TRUE(test) << test.error().to_string();
  TestOverrides overrides;
  overrides.concurrency = 4;
  overrides.rate = 50;
  overrides.time_limit = std::chrono::milliseconds(30'000);
  ASSERT_FALSE(apply_overrides(*test, overrides));
  const std::string as_run = test_as_run(kTest, *test, 1234);
  Parsed<TestFile> again = parse_test_file(as_run, "store/test.yaml");
  ASSERT_TRUE(again) << again.error().to_string() << "\n" << as_run;
  EXPECT_EQ(again->seed, 1234u);
  EXPECT_EQ(again->concurrency, 4);
  EXPECT_EQ(again->rate, 50);
  EXPECT_EQ(again->time_limit, std::chrono::milliseconds(30'000));
  EXPECT_EQ(again->name, "etcd-register");
  EXPECT_EQ(again->nodes.kind, NodesSource::Kind::kLocal);
  EXPECT_EQ(again->nodes.local_nodes, 3);
  ASSERT_TRUE(again->nemesis);
  EXPECT_EQ(again->nemesis->faults.size(), 1u);
}

TEST(TestAsRun, WritesANodesFileOverrideAsAnAbsolutePath) {
  Parsed<TestFile> test = parse_test_file(kTest, "/tests/t.yaml");
  ASSERT_TRUE(test);
  TestOverrides overrides;
  overrides.nodes_file = "/etc/faultline/nodes.yaml";
  ASSERT_FALSE(apply_overrides(*test, overrides));
  Parsed<TestFile> again = parse_test_file(test_as_run(kTest, *test, 1), "/store/x/test.yaml");
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(again->nodes.kind, NodesSource::Kind::kFile);
  EXPECT_EQ(again->nodes.file, "/etc/faultline/nodes.yaml");
}

TEST(TestAsRun, KeepsAClusterOfContainersAndItsImage) {
  std::string text = kTest;
  const size_t at = text.find("nodes: {local: 3}");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 17, "nodes: {docker: 5, image: 'my-node:1'}");
  Parsed<TestFile> test = parse_test_file(text, "t.yaml");
  ASSERT_TRUE(test) << test.error().to_string();
  Parsed<TestFile> again = parse_test_file(test_as_run(text, *test, 1), "store/test.yaml");
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_EQ(again->nodes.kind, NodesSource::Kind::kLocal);
  EXPECT_TRUE(again->nodes.containers);
  EXPECT_EQ(again->nodes.local_nodes, 5);
  EXPECT_EQ(again->nodes.image, "my-node:1");
}

TEST(Analysis, ChecksAHistoryWhoseLastLineWasCutOffWithANote) {
  TempDir dir;
  const std::string path = dir.path() + "/history.jsonl";
  ASSERT_FALSE(write_file_atomically(
      path,
      "{\"index\":0,\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"key\":\"k\",\"value\":1}\n"
      "{\"index\":1,\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"key\":\"k\",\"value\":1}\n"
      "{\"index\":2,\"process\":1,\"type\":\"invo"));
  Json results = {{"errors", Json::array()}};
  std::vector<CheckOutcome> outcomes = check_stored_history(path, "register", results);
  ASSERT_EQ(outcomes.size(), 1u) << results.dump();
  EXPECT_EQ(outcomes[0].verdict, Verdict::kValid);
  EXPECT_EQ(results["errors"], Json::array());
  ASSERT_EQ(results["notes"].size(), 1u);
  EXPECT_NE(
      results["notes"][0].get<std::string>().find(path + ":3:1: the last line has no newline"),
      std::string::npos)
      << results["notes"];
}

TEST(Analysis, SaysWhenTheHistoryCannotBeRead) {
  TempDir dir;
  const std::string path = dir.path() + "/history.jsonl";
  ASSERT_FALSE(write_file_atomically(path,
                                     "{\"index\":0,\n"
                                     "{\"index\":1}\n"));
  Json results = {{"errors", Json::array()}};
  EXPECT_TRUE(check_stored_history(path, "register", results).empty());
  ASSERT_EQ(results["errors"].size(), 1u);
  EXPECT_NE(results["errors"][0].get<std::string>().find(path + ":1:"), std::string::npos)
      << results["errors"][0];
}

TEST(RunLog, KeepsLinesFromBeforeTheFileOpensAndEchoesOnlyWhenAsked) {
  TempDir dir;
  std::ostringstream terminal;
  RunLog log(&terminal);
  log.line("early, file only");
  log.echo("early, both");
  ASSERT_TRUE(log.open(dir.path() + "/faultline.log"));
  log.line("later, file only");
  EXPECT_EQ(terminal.str(), "early, both\n");
  auto text = read_text_file(dir.path() + "/faultline.log");
  ASSERT_TRUE(text);
  const size_t first = text->find("early, file only");
  const size_t second = text->find("early, both");
  const size_t third = text->find("later, file only");
  ASSERT_NE(first, std::string::npos) << *text;
  EXPECT_LT(first, second);
  EXPECT_LT(second, third);
  EXPECT_NE(third, std::string::npos);
}

// Each line's time is on the clock the log is given (the run's, which the
// history counts from too): a clock started 100 s ago stamps 100 s and more.
TEST(RunLog, StampsLinesOnTheRunsClock) {
  TempDir dir;
  const RunClock clock(std::chrono::steady_clock::now() - std::chrono::seconds(100));
  RunLog log(nullptr, clock);
  ASSERT_TRUE(log.open(dir.path() + "/faultline.log"));
  const double before = static_cast<double>(clock.now_ns()) / 1e9;
  log.line("a step");
  const double after = static_cast<double>(clock.now_ns()) / 1e9;
  auto text = read_text_file(dir.path() + "/faultline.log");
  ASSERT_TRUE(text);
  const double stamp = std::stod(*text);
  EXPECT_LE(before - 0.0005, stamp) << *text;
  EXPECT_LE(stamp, after + 0.0005) << *text;
  EXPECT_NE(text->find(" a step\n"), std::string::npos) << *text;
}

// A nemesis event: whole in the file, cut on the terminal, and once in each.
TEST(RunLog, AnEventSaidTwiceIsWrittenOnceToEach) {
  TempDir dir;
  std::ostringstream terminal;
  RunLog log(&terminal);
  ASSERT_TRUE(log.open(dir.path() + "/faultline.log"));
  log.echo("nemesis: heal {\"n1\": \"a long report\"}", "nemesis: heal {\"n1\": \"a l...");
  EXPECT_EQ(terminal.str(), "nemesis: heal {\"n1\": \"a l...\n");
  auto text = read_text_file(dir.path() + "/faultline.log");
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("nemesis: heal {\"n1\": \"a long report\"}\n"), std::string::npos) << *text;
  EXPECT_EQ(text->find("a l..."), std::string::npos) << *text;
  EXPECT_EQ(text->find("nemesis"), text->rfind("nemesis")) << "once: " << *text;
}

}  // namespace
}  // namespace faultline
