// The runs index, STORE/index.jsonl: entries from results.json, later lines
// superseding earlier ones, damaged lines skipped with file:line, appends
// from many writers at once, and the rebuild from the run folders.
#include "harness/run/run_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include "harness/base/text_file.h"
#include "harness/run/store.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

class IndexTempDir {
 public:
  IndexTempDir() {
    char pattern[] = "/tmp/faultline-index-XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~IndexTempDir() { fs::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

Json results_of(const std::string& test, const std::string& verdict, const std::string& started) {
  return Json{{"test", test},
              {"verdict", verdict},
              {"exit_code", verdict == "valid" ? 0 : 1},
              {"seed", 42},
              {"started", started},
              {"seconds", 61.5},
              {"run", {{"invoked", 100}, {"ok", 90}, {"failed", 4}, {"indeterminate", 6}}},
              {"nemesis",
               {{"plan",
                 {{"events",
                   {{{"kind", "partition"}, {"phase", "start"}},
                    {{"kind", "partition"}, {"phase", "stop"}},
                    {{"kind", "pause"}, {"phase", "start"}}}}}}}}};
}

std::string line_of(const RunIndexEntry& entry) { return index_entry_to_json(entry).dump() + "\n"; }

TEST(RunIndex, EntryTakesWhatTheIndexPageShowsFromResults) {
  RunIndexEntry e = index_entry_of(results_of("etcd", "invalid", "2026-12-01T09:30:00Z"),
                                   "etcd/20261201T093000Z");
  EXPECT_EQ(e.dir, "etcd/20261201T093000Z");
  EXPECT_EQ(e.test, "etcd");
  EXPECT_EQ(e.seed, "42");
  EXPECT_EQ(e.verdict, "invalid");
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_EQ(e.started, "2026-12-01T09:30:00Z");
  EXPECT_DOUBLE_EQ(e.seconds, 61.5);
  EXPECT_EQ(e.faults, (std::vector<std::string>{"partition", "pause"}));
  EXPECT_EQ(e.invoked, 100);
  EXPECT_EQ(e.ok, 90);
  EXPECT_EQ(e.failed, 4);
  EXPECT_EQ(e.info, 6);
  EXPECT_EQ(index_entry_from_json(index_entry_to_json(e)), e);
}

TEST(RunIndex, ARunThatNeverFinishedHasNoLengthAndAnUnknownVerdict) {
  RunIndexEntry e = index_entry_of(Json{{"test", "t"}}, "t/1");
  EXPECT_EQ(e.verdict, "unknown");
  EXPECT_EQ(e.seconds, -1);
  EXPECT_TRUE(e.faults.empty());
}

TEST(RunIndex, LaterLinesSupersedeEarlierOnesAndRunsComeNewestFirst) {
  RunIndexEntry a = index_entry_of(results_of("t", "unknown", "2026-12-01T09:00:00Z"), "t/a");
  RunIndexEntry b = index_entry_of(results_of("t", "valid", "2026-12-01T10:00:00Z"), "t/b");
  RunIndexEntry a2 = a;
  a2.verdict = "invalid";  // `analyze` of run a, later
  RunIndex index = parse_run_index(line_of(a) + line_of(b) + line_of(a2), "index.jsonl");
  EXPECT_TRUE(index.warnings.empty());
  ASSERT_EQ(index.runs.size(), 2u);
  EXPECT_EQ(index.runs[0].dir, "t/b");
  EXPECT_EQ(index.runs[1].dir, "t/a");
  EXPECT_EQ(index.runs[1].verdict, "invalid");
}

TEST(RunIndex, ADamagedLineIsSkippedWithAWarningNamingFileAndLine) {
  RunIndexEntry a = index_entry_of(results_of("t", "valid", "2026-12-01T09:00:00Z"), "t/a");
  RunIndexEntry b = index_entry_of(results_of("t", "valid", "2026-12-01T10:00:00Z"), "t/b");
  const std::string text =
      line_of(a) + "{\"dir\": \"t/c\", \"verd\n" + "[1, 2]\n\n" + line_of(b) + "{\"dir\":";
  RunIndex index = parse_run_index(text, "store/index.jsonl");
  ASSERT_EQ(index.runs.size(), 2u);
  ASSERT_EQ(index.warnings.size(), 3u);
  EXPECT_NE(index.warnings[0].find("store/index.jsonl:2: not JSON"), std::string::npos)
      << index.warnings[0];
  EXPECT_NE(index.warnings[1].find("store/index.jsonl:3: not a run"), std::string::npos)
      << index.warnings[1];
  EXPECT_NE(index.warnings[2].find("store/index.jsonl:6:"), std::string::npos) << index.warnings[2];
}

TEST(RunIndex, AMissingIndexFileIsAnErrorNamingIt) {
  auto index = read_run_index("/nonexistent/index.jsonl");
  ASSERT_FALSE(index);
  EXPECT_NE(index.error().find("/nonexistent/index.jsonl"), std::string::npos);
}

TEST(RunIndex, ManyWritersAtOnceLeaveEveryLineWhole) {
  IndexTempDir store;
  constexpr int kWriters = 8;
  constexpr int kEach = 100;
  {
    std::vector<std::jthread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        for (int i = 0; i < kEach; ++i) {
          RunIndexEntry e = index_entry_of(results_of("t", "valid", "2026-12-01T09:00:00Z"),
                                           "t/" + std::to_string(w) + "-" + std::to_string(i));
          e.test = std::string(500, 'x');  // long lines: a torn write would show
          EXPECT_EQ(append_to_run_index(store.path(), e), std::nullopt);
        }
      });
    }
  }
  auto index = read_run_index(store.path() + "/index.jsonl");
  ASSERT_TRUE(index) << index.error();
  EXPECT_TRUE(index->warnings.empty()) << index->warnings.front();
  EXPECT_EQ(index->runs.size(), size_t{kWriters * kEach});
}

TEST(RunIndex, ARunAndItsAnalysisAreRecordedInTheirStoreAlsoThroughTheLatestLink) {
  IndexTempDir store;
  auto made = make_store_dir(store.path(), "etcd", std::chrono::system_clock::from_time_t(0));
  ASSERT_TRUE(made) << made.error();
  Json results = results_of("etcd", "unknown", "1970-01-01T00:00:00Z");
  EXPECT_EQ(record_run_in_index(made->dir, results), std::nullopt);
  results["verdict"] = "valid";
  EXPECT_EQ(record_run_in_index(store.path() + "/latest", results), std::nullopt);
  auto index = read_run_index(store.path() + "/index.jsonl");
  ASSERT_TRUE(index) << index.error();
  ASSERT_EQ(index->runs.size(), 1u);
  EXPECT_EQ(index->runs[0].dir, "etcd/19700101T000000Z");
  EXPECT_EQ(index->runs[0].verdict, "valid");
}

TEST(RunIndex, TheFirstLineInAStoreMadeBeforeTheIndexBringsTheEarlierRunsAlong) {
  IndexTempDir store;
  auto earlier = make_store_dir(store.path(), "t", std::chrono::system_clock::from_time_t(0));
  auto later = make_store_dir(store.path(), "t", std::chrono::system_clock::from_time_t(60));
  ASSERT_TRUE(earlier && later);
  write_file_atomically(earlier->path("results.json"),
                        results_of("t", "invalid", "1970-01-01T00:00:00Z").dump());
  const Json results = results_of("t", "valid", "1970-01-01T00:01:00Z");
  write_file_atomically(later->path("results.json"), results.dump());
  EXPECT_EQ(record_run_in_index(later->dir, results), std::nullopt);
  auto index = read_run_index(store.path() + "/index.jsonl");
  ASSERT_TRUE(index) << index.error();
  ASSERT_EQ(index->runs.size(), 2u);
  EXPECT_EQ(index->runs[0].dir, "t/19700101T000100Z");
  EXPECT_EQ(index->runs[1].dir, "t/19700101T000000Z");
  EXPECT_EQ(index->runs[1].verdict, "invalid");
  auto text = read_text_file(store.path() + "/index.jsonl");
  ASSERT_TRUE(text);
  EXPECT_EQ(std::count(text->begin(), text->end(), '\n'), 2) << "no second line for the same run";
}

TEST(RunIndex, AFolderOutsideAStoreWritesNoIndex) {
  IndexTempDir root;
  fs::create_directories(root.path() + "/a/b");
  EXPECT_EQ(record_run_in_index(root.path() + "/a/b", results_of("t", "valid", "")), std::nullopt);
  EXPECT_FALSE(fs::exists(root.path() + "/index.jsonl"));
}

TEST(RunIndex, RebuildReadsEveryRunFolderSkipsLinksAndWarnsOfDamagedResults) {
  IndexTempDir store;
  for (const char* name : {"t1/20261201T090000Z", "t1/20261201T100000Z", "t2/20261201T080000Z"}) {
    fs::create_directories(store.path() + "/" + name);
  }
  write_file_atomically(store.path() + "/t1/20261201T090000Z/results.json",
                        results_of("t1", "valid", "2026-12-01T09:00:00Z").dump());
  write_file_atomically(store.path() + "/t1/20261201T100000Z/results.json", "{\"test\": ");
  write_file_atomically(store.path() + "/t2/20261201T080000Z/results.json",
                        results_of("t2", "invalid", "2026-12-01T08:00:00Z").dump());
  fs::create_directory_symlink("20261201T090000Z", store.path() + "/t1/latest");
  fs::create_directory_symlink("t1/20261201T090000Z", store.path() + "/latest");
  write_file_atomically(store.path() + "/index.jsonl", "garbage\n");

  auto index = rebuild_run_index(store.path());
  ASSERT_TRUE(index) << index.error();
  ASSERT_EQ(index->runs.size(), 2u);
  EXPECT_EQ(index->runs[0].dir, "t1/20261201T090000Z");
  EXPECT_EQ(index->runs[1].dir, "t2/20261201T080000Z");
  ASSERT_EQ(index->warnings.size(), 1u);
  EXPECT_NE(index->warnings[0].find("t1/20261201T100000Z/results.json"), std::string::npos);
  auto reread = read_run_index(store.path() + "/index.jsonl");
  ASSERT_TRUE(reread) << reread.error();
  EXPECT_TRUE(reread->warnings.empty());
  EXPECT_EQ(reread->runs, index->runs);
}

}  // namespace
}  // namespace faultline
