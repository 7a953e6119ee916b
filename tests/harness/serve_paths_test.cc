// The gate between a URL and the store: `..`, NUL bytes, backslashes and
// links that lead out of the store are refused; files and folders inside
// are found, also through a link that stays inside.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "harness/serve/content_type.h"
#include "harness/serve/store_paths.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

class ServeTempStore {
 public:
  ServeTempStore() {
    char pattern[] = "/tmp/faultline-serve-paths-XXXXXX";
    base_ = fs::canonical(mkdtemp(pattern));
    fs::create_directories(root() / "etcd" / "20261201T093000Z");
    std::ofstream(root() / "etcd" / "20261201T093000Z" / "report.html") << "<p>report</p>";
    std::ofstream(base_ / "secret.txt") << "outside";
    fs::create_directory_symlink("20261201T093000Z", root() / "etcd" / "latest");
    fs::create_symlink(base_ / "secret.txt", root() / "etcd" / "escape.txt");
    fs::create_directory_symlink(base_, root() / "etcd" / "escape-dir");
    fs::create_directories(base_ / "store2");
    std::ofstream(base_ / "store2" / "x.txt") << "sibling";
  }
  ~ServeTempStore() { fs::remove_all(base_); }
  fs::path root() const { return base_ / "store"; }

 private:
  fs::path base_;
};

TEST(ServePaths, FindsAFileAndAFolderInTheStore) {
  ServeTempStore store;
  auto file = resolve_store_path(store.root(), "etcd/20261201T093000Z/report.html");
  ASSERT_TRUE(file) << file.error().reason;
  EXPECT_EQ(file->path, store.root() / "etcd/20261201T093000Z/report.html");
  EXPECT_FALSE(file->is_directory);
  auto folder = resolve_store_path(store.root(), "etcd//20261201T093000Z/");
  ASSERT_TRUE(folder) << folder.error().reason;
  EXPECT_TRUE(folder->is_directory);
  auto top = resolve_store_path(store.root(), "");
  ASSERT_TRUE(top) << top.error().reason;
  EXPECT_EQ(top->path, store.root());
}

TEST(ServePaths, ALinkThatStaysInTheStoreIsFollowed) {
  ServeTempStore store;
  auto file = resolve_store_path(store.root(), "etcd/latest/report.html");
  ASSERT_TRUE(file) << file.error().reason;
  EXPECT_EQ(file->path, store.root() / "etcd/20261201T093000Z/report.html");
}

TEST(ServePaths, DotDotPartsAreRefusedWhereverTheyAre) {
  ServeTempStore store;
  for (const char* path : {"..", "../secret.txt", "etcd/../../secret.txt", "etcd/..",
                           "etcd/20261201T093000Z/../../..", "./etcd", "etcd/./latest"}) {
    auto found = resolve_store_path(store.root(), path);
    ASSERT_FALSE(found) << path;
    EXPECT_EQ(found.error().status, 400) << path;
  }
}

TEST(ServePaths, AnAbsolutePathStaysBelowTheStore) {
  ServeTempStore store;
  // "/etc/passwd" below the store is store/etc/passwd, which does not exist.
  auto found = resolve_store_path(store.root(), "/etc/passwd");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().status, 404);
  auto outside =
      resolve_store_path(store.root(), (store.root().parent_path() / "secret.txt").string());
  ASSERT_FALSE(outside);
  EXPECT_EQ(outside.error().status, 404);
}

TEST(ServePaths, NulBytesAndBackslashesAreRefused) {
  ServeTempStore store;
  auto nul = resolve_store_path(store.root(), std::string("etcd/latest/report.html\0.txt", 28));
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().status, 400);
  auto backslash = resolve_store_path(store.root(), "etcd\\..\\..\\secret.txt");
  ASSERT_FALSE(backslash);
  EXPECT_EQ(backslash.error().status, 400);
}

TEST(ServePaths, EncodedDotsAreNotDecodedAgain) {
  ServeTempStore store;
  // The server decodes once: %252e%252e arrives as "%2e%2e", a name, not "..".
  auto found = resolve_store_path(store.root(), "%2e%2e/secret.txt");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().status, 404);
}

TEST(ServePaths, LinksInTheStoreThatLeadOutsideAreRefused) {
  ServeTempStore store;
  auto file = resolve_store_path(store.root(), "etcd/escape.txt");
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().status, 403);
  auto folder = resolve_store_path(store.root(), "etcd/escape-dir/secret.txt");
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().status, 403);
  EXPECT_EQ(file.error().reason.find("secret"), std::string::npos) << "names the target";
}

TEST(ServePaths, ASiblingFolderWhoseNameStartsLikeTheStoreIsOutside) {
  ServeTempStore store;
  fs::create_symlink(store.root().parent_path() / "store2" / "x.txt", store.root() / "x.txt");
  auto found = resolve_store_path(store.root(), "x.txt");
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().status, 403);
}

TEST(ServeContentType, ReportsJsonXmlAsThemselvesAndTheRestAsText) {
  EXPECT_EQ(content_type_for("report.html"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("results.json"), "application/json");
  EXPECT_EQ(content_type_for("junit.xml"), "application/xml; charset=utf-8");
  EXPECT_EQ(content_type_for("history.jsonl"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("summary.md"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("faultline.log"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("etcd.stderr"), "text/plain; charset=utf-8");
  EXPECT_EQ(content_type_for("REPORT.HTML"), "text/html; charset=utf-8");
}

}  // namespace
}  // namespace faultline
