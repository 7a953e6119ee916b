// The index page of `faultline serve`: newest first, filters by test and
// verdict, a page at a time, verdicts in words, every value escaped.
#include <gtest/gtest.h>

#include "harness/serve/index_page.h"

namespace faultline {
namespace {

RunIndexEntry run(const std::string& test, const std::string& verdict, int n) {
  RunIndexEntry e;
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "2026-12-01T%02d:%02d:%02dZ", n / 3600, n / 60 % 60, n % 60);
  e.started = stamp;
  e.dir = test + "/" + std::to_string(n);
  e.test = test;
  e.verdict = verdict;
  e.seed = std::to_string(1000 + n);
  e.seconds = 61.5;
  e.faults = {"partition", "kill"};
  e.ok = 90;
  e.failed = 4;
  e.info = 6;
  return e;
}

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(ServeIndexPage, ListsEachRunWithVerdictInWordsTestSeedDurationFaultsAndLinks) {
  RunIndex index;
  index.runs = {run("etcd", "invalid", 2), run("etcd", "valid", 1)};
  const std::string page = render_index_page(index, {}, "store");
  EXPECT_NE(page.find("INVALID"), std::string::npos);
  EXPECT_NE(page.find("VALID"), std::string::npos);
  EXPECT_NE(page.find(">1002<"), std::string::npos);
  EXPECT_NE(page.find("61.5 s"), std::string::npos);
  EXPECT_NE(page.find("partition, kill"), std::string::npos);
  EXPECT_NE(page.find("90 / 4 / 6"), std::string::npos);
  EXPECT_NE(page.find("href=\"/runs/etcd/2/report.html\""), std::string::npos);
  EXPECT_NE(page.find("href=\"/runs/etcd/2/\""), std::string::npos);
  EXPECT_LT(page.find("/runs/etcd/2/"), page.find("/runs/etcd/1/")) << "kept in index order";
  EXPECT_EQ(page.find("<script"), std::string::npos) << "the index needs no script";
}

TEST(ServeIndexPage, FiltersByTestAndByVerdict) {
  RunIndex index;
  index.runs = {run("etcd", "invalid", 4), run("redis", "invalid", 3), run("etcd", "valid", 2),
                run("redis", "valid", 1)};
  const std::string page = render_index_page(index, {"etcd", "invalid", 1}, "store");
  EXPECT_EQ(count_of(page, "<tr><td>"), 1u);
  EXPECT_NE(page.find("/runs/etcd/4/"), std::string::npos);
  EXPECT_NE(page.find("<option value=\"etcd\" selected>"), std::string::npos);
  EXPECT_NE(page.find("<option value=\"invalid\" selected>"), std::string::npos);
  EXPECT_NE(page.find("<option value=\"redis\">"), std::string::npos) << "every test is offered";
  EXPECT_EQ(count_of(render_index_page(index, {"", "valid", 1}, "store"), "<tr><td>"), 2u);
}

TEST(ServeIndexPage, ShowsAPageOfRunsWithLinksThatKeepTheFilters) {
  RunIndex index;
  for (int n = 250; n > 0; --n) index.runs.push_back(run("etcd", "valid", n));
  const std::string first = render_index_page(index, {"etcd", "", 1}, "store");
  EXPECT_EQ(count_of(first, "<tr><td>"), size_t{kRunsPerPage});
  EXPECT_NE(first.find("page 1 of 3"), std::string::npos);
  EXPECT_NE(first.find("href=\"/?test=etcd&page=2\""), std::string::npos);
  EXPECT_EQ(first.find("rel=\"prev\""), std::string::npos);
  const std::string last = render_index_page(index, {"etcd", "", 3}, "store");
  EXPECT_EQ(count_of(last, "<tr><td>"), 50u);
  EXPECT_NE(last.find("href=\"/?test=etcd&page=2\""), std::string::npos);
  EXPECT_NE(last.find("/runs/etcd/1/"), std::string::npos);
  EXPECT_EQ(last.find("rel=\"next\""), std::string::npos);
  // A page past the end shows the last.
  EXPECT_NE(render_index_page(index, {"", "", 99}, "store").find("page 3 of 3"), std::string::npos);
}

TEST(ServeIndexPage, EveryValueFromTheStoreIsEscaped) {
  RunIndex index;
  RunIndexEntry hostile = run("<script>alert(1)</script>", "\"><img onerror=x>", 1);
  hostile.dir = "<script>/\"x";
  hostile.faults = {"<b>"};
  index.runs = {hostile};
  index.warnings = {"index.jsonl:3: <script>"};
  const std::string page = render_index_page(index, {hostile.test, hostile.verdict, 1}, "<store>");
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(page.find("<store>"), std::string::npos);
  EXPECT_NE(page.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.find("href=\"/runs/%3Cscript%3E/%22x/report.html\""), std::string::npos);
}

TEST(ServeIndexPage, QueryStringIsReadAndWrittenBack) {
  const IndexQuery query =
      index_query_of({{"test", "a b&c"}, {"verdict", "invalid"}, {"page", "3"}});
  EXPECT_EQ(query.test, "a b&c");
  EXPECT_EQ(query.page, 3);
  EXPECT_EQ(index_query_string(query), "?test=a%20b%26c&verdict=invalid&page=3");
  EXPECT_EQ(index_query_of({{"page", "-1"}}).page, 1);
  EXPECT_EQ(index_query_of({{"page", "99999999999999"}}).page, 1);
  EXPECT_EQ(index_query_of({{"page", "x"}}).page, 1);
}

TEST(ServeIndexPage, DurationsReadAsPeopleSayThem) {
  EXPECT_EQ(duration_text(-1), "\u2014");
  EXPECT_EQ(duration_text(61.54), "61.5 s");
  EXPECT_EQ(duration_text(125), "2 min 5 s");
  EXPECT_EQ(duration_text(3 * 3600 + 120), "3 h 2 min");
}

TEST(ServeFolderPage, ListsFilesWithEncodedLinksAndEscapedNames) {
  const std::string page =
      render_folder_page("etcd/20261201T093000Z",
                         {{"<x>.log", false, 12}, {"nodes", true, 0}, {"report.html", false, 3}});
  EXPECT_NE(
      page.find("href=\"/runs/etcd/20261201T093000Z/%3Cx%3E.log\">&lt;x&gt;.log</a> (12 bytes)"),
      std::string::npos);
  EXPECT_NE(page.find("href=\"/runs/etcd/20261201T093000Z/nodes/\""), std::string::npos);
  EXPECT_EQ(page.find("<x>"), std::string::npos);
}

}  // namespace
}  // namespace faultline
