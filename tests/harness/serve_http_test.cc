// `faultline serve` for real: the server on a free loopback port, asked over
// a plain socket with the request line exactly as written (no client library
// to tidy `..` or encodings away): pages, files with their content types,
// filters, and every way out of the store refused.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "harness/base/text_file.h"
#include "harness/run/run_index.h"
#include "harness/serve/store_server.h"
#include "tests/support/http_get.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

using Answer = testing::HttpAnswer;

Answer ask(int port, const std::string& target, const std::string& method = "GET") {
  return testing::http_request(port, target, method);
}

class ServeHttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/faultline-serve-http-XXXXXX";
    base_ = fs::canonical(mkdtemp(pattern));
    store_ = base_ / "store";
    run_dir_ = store_ / "etcd" / "20261201T093000Z";
    fs::create_directories(run_dir_ / "nodes" / "n1");
    write_file_atomically((run_dir_ / "report.html").string(), "<html>the report</html>");
    write_file_atomically((run_dir_ / "results.json").string(), "{\"verdict\": \"invalid\"}");
    write_file_atomically((run_dir_ / "junit.xml").string(), "<testsuite/>");
    write_file_atomically((run_dir_ / "nodes" / "n1" / "etcd.log").string(), "etcd says hi\n");
    std::string history;
    for (int i = 0; i < 20000; ++i) history += "{\"index\": " + std::to_string(i) + "}\n";
    history_ = history;
    write_file_atomically((run_dir_ / "history.jsonl").string(), history);
    write_file_atomically((base_ / "secret.txt").string(), "outside the store");
    fs::create_symlink(base_ / "secret.txt", store_ / "escape.txt");
    fs::create_directory_symlink(base_, store_ / "escape-dir");

    RunIndexEntry invalid{
        "etcd/20261201T093000Z", "etcd", "42", "invalid", 1, "2026-12-01T09:30:00Z", 61.5,
        {"partition"},           100,    90,   4,         6};
    RunIndexEntry hostile{"evil/1", "<script>alert(1)</script>",
                          "7",      "valid",
                          0,        "2026-12-01T08:00:00Z",
                          3,        {},
                          1,        1,
                          0,        0};
    ASSERT_EQ(append_to_run_index(store_.string(), invalid), std::nullopt);
    ASSERT_EQ(append_to_run_index(store_.string(), hostile), std::nullopt);

    auto server = StoreServer::open(store_.string());
    ASSERT_TRUE(server) << server.error();
    server_ = std::move(*server);
    ASSERT_EQ(server_->bind("127.0.0.1", 0), std::nullopt);
    port_ = server_->port();
    thread_ = std::jthread([this] { server_->serve(); });
    // Listening began at bind(): requests queue until serve() accepts them.
  }

  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
    fs::remove_all(base_);
  }

  fs::path base_, store_, run_dir_;
  std::string history_;
  std::unique_ptr<StoreServer> server_;
  std::jthread thread_;
  int port_ = 0;
};

TEST_F(ServeHttpTest, IndexListsTheRunsNewestFirstWithEscapedValues) {
  Answer index = ask(port_, "/");
  ASSERT_EQ(index.status, 200) << index.head;
  EXPECT_EQ(index.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.header("X-Content-Type-Options"), "nosniff");
  EXPECT_NE(index.body.find("INVALID"), std::string::npos);
  EXPECT_NE(index.body.find("href=\"/runs/etcd/20261201T093000Z/report.html\""), std::string::npos);
  EXPECT_LT(index.body.find("/runs/etcd/"), index.body.find("/runs/evil/"));
  EXPECT_EQ(index.body.find("<script>"), std::string::npos);
  EXPECT_NE(index.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST_F(ServeHttpTest, FiltersComeFromTheQueryString) {
  Answer valid = ask(port_, "/?verdict=valid");
  ASSERT_EQ(valid.status, 200);
  EXPECT_EQ(valid.body.find("/runs/etcd/"), std::string::npos);
  EXPECT_NE(valid.body.find("/runs/evil/"), std::string::npos);
  Answer etcd = ask(port_, "/?test=etcd&verdict=");
  EXPECT_NE(etcd.body.find("/runs/etcd/"), std::string::npos);
  EXPECT_EQ(etcd.body.find("/runs/evil/"), std::string::npos);
  EXPECT_NE(etcd.body.find("<p>1 run matches test"), std::string::npos) << "one, not '1 runs'";
}

TEST_F(ServeHttpTest, ANewRunShowsWithoutRestartingTheServer) {
  ASSERT_EQ(ask(port_, "/?test=late").body.find("/runs/late/"), std::string::npos);
  RunIndexEntry late{"late/1", "late", "1", "valid", 0, "2026-12-02T00:00:00Z", 1, {}, 1, 1, 0, 0};
  ASSERT_EQ(append_to_run_index(store_.string(), late), std::nullopt);
  EXPECT_NE(ask(port_, "/?test=late").body.find("/runs/late/1/"), std::string::npos);
}

TEST_F(ServeHttpTest, ServesTheRunsFilesWithTheirContentTypes) {
  Answer report = ask(port_, "/runs/etcd/20261201T093000Z/report.html");
  ASSERT_EQ(report.status, 200);
  EXPECT_EQ(report.header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(report.body, "<html>the report</html>");
  Answer results = ask(port_, "/runs/etcd/latest/../20261201T093000Z/results.json");
  EXPECT_EQ(results.status, 400) << "`..` is refused even when it would stay inside";
  results = ask(port_, "/runs/etcd/20261201T093000Z/results.json");
  EXPECT_EQ(results.header("Content-Type"), "application/json");
  EXPECT_EQ(ask(port_, "/runs/etcd/20261201T093000Z/junit.xml").header("Content-Type"),
            "application/xml; charset=utf-8");
  Answer history = ask(port_, "/runs/etcd/20261201T093000Z/history.jsonl");
  EXPECT_EQ(history.header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(history.body, history_) << "streamed whole";
  EXPECT_EQ(ask(port_, "/runs/etcd/20261201T093000Z/nodes/n1/etcd.log").body, "etcd says hi\n");
}

TEST_F(ServeHttpTest, AFolderListsItsFiles) {
  Answer bare = ask(port_, "/runs/etcd/20261201T093000Z");
  EXPECT_EQ(bare.status, 302);
  EXPECT_EQ(bare.header("Location"), "/runs/etcd/20261201T093000Z/");
  Answer folder = ask(port_, "/runs/etcd/20261201T093000Z/");
  ASSERT_EQ(folder.status, 200);
  EXPECT_NE(folder.body.find("href=\"/runs/etcd/20261201T093000Z/history.jsonl\""),
            std::string::npos);
  EXPECT_NE(folder.body.find("href=\"/runs/etcd/20261201T093000Z/nodes/\""), std::string::npos);
}

TEST_F(ServeHttpTest, NothingOutsideTheStoreIsServed) {
  const std::vector<std::string> attempts = {
      "/runs/../secret.txt",
      "/runs/etcd/../../secret.txt",
      "/runs/%2e%2e/secret.txt",
      "/runs/%2E%2E/%2E%2E/secret.txt",
      "/runs/etcd/%2e%2e%2f%2e%2e%2fsecret.txt",
      "/runs/%252e%252e/secret.txt",
      "/runs/%252e%252e%252fsecret.txt",
      "/runs/" + base_.string() + "/secret.txt",
      "/runs/%2F" + base_.string().substr(1) + "/secret.txt",
      "/runs/escape.txt",
      "/runs/escape-dir/secret.txt",
      "/runs/etcd/20261201T093000Z/report.html%00.txt",
      "/runs/..%5csecret.txt",
      "/../secret.txt",
      "/runs/escape-dir/",
  };
  for (const std::string& target : attempts) {
    Answer answer = ask(port_, target);
    EXPECT_GE(answer.status, 400) << target << "\n" << answer.head;
    EXPECT_EQ(answer.body.find("outside the store\n"), std::string::npos) << target;
    EXPECT_EQ(answer.body.find("secret.txt"), std::string::npos) << target << " lists it";
  }
  EXPECT_EQ(ask(port_, "/runs/escape.txt").status, 403);
  EXPECT_EQ(ask(port_, "/runs/%2e%2e/secret.txt").status, 400);
}

TEST_F(ServeHttpTest, OnlyGetAndHeadAreAnswered) {
  for (const char* method : {"POST", "PUT", "DELETE", "PATCH"}) {
    Answer answer = ask(port_, "/runs/etcd/20261201T093000Z/report.html", method);
    EXPECT_EQ(answer.status, 405) << method;
  }
  EXPECT_TRUE(fs::exists(run_dir_ / "report.html"));
  Answer head = ask(port_, "/runs/etcd/20261201T093000Z/report.html", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(ServeHttpTest, ARequestForAnotherHostNameIsRefused) {
  // A page at evil.example whose name now resolves to 127.0.0.1 (DNS rebinding).
  Answer rebound =
      testing::http_request(port_, "/", "GET", "evil.example:" + std::to_string(port_));
  EXPECT_EQ(rebound.status, 403);
  EXPECT_EQ(rebound.body.find("/runs/etcd/"), std::string::npos);
  EXPECT_EQ(testing::http_request(port_, "/", "GET", "localhost:" + std::to_string(port_)).status,
            200);
  EXPECT_EQ(testing::http_request(port_, "/", "GET", "[::1]:" + std::to_string(port_)).status, 200);
}

TEST(ServeBind, LoopbackHostHeaders) {
  EXPECT_TRUE(is_loopback_host_header("127.0.0.1:8080"));
  EXPECT_TRUE(is_loopback_host_header("localhost"));
  EXPECT_TRUE(is_loopback_host_header("[::1]:8080"));
  EXPECT_TRUE(is_loopback_host_header(""));
  EXPECT_FALSE(is_loopback_host_header("evil.example:8080"));
  EXPECT_FALSE(is_loopback_host_header("127.0.0.1.evil.example"));
  EXPECT_FALSE(is_loopback_host_header("[::1"));
}

TEST(ServeBind, LoopbackAddressesAreKnown) {
  EXPECT_TRUE(is_loopback_address("127.0.0.1"));
  EXPECT_TRUE(is_loopback_address("127.1.2.3"));
  EXPECT_TRUE(is_loopback_address("::1"));
  EXPECT_TRUE(is_loopback_address("localhost"));
  EXPECT_FALSE(is_loopback_address("0.0.0.0"));
  EXPECT_FALSE(is_loopback_address("10.0.0.1"));
  EXPECT_FALSE(is_loopback_address("::"));
}

// A Ctrl-C at start reaches stop() before the accept loop has begun: serve()
// must still return, whichever of the two comes first.
TEST(StoreServerStop, AStopBeforeOrJustAsServingBeginsIsNotLost) {
  char pattern[] = "/tmp/faultline-serve-stop-XXXXXX";
  const std::string store = mkdtemp(pattern);
  for (int round = 0; round < 50; ++round) {
    auto server = StoreServer::open(store);
    ASSERT_TRUE(server) << server.error();
    ASSERT_EQ((*server)->bind("127.0.0.1", 0), std::nullopt);
    std::jthread stopper;
    if (round % 2 == 0) {
      (*server)->stop();  // strictly before
    } else {
      stopper = std::jthread([&] { (*server)->stop(); });  // racing with serve()
    }
    EXPECT_TRUE((*server)->serve()) << "round " << round;
  }
  fs::remove_all(store);
}

}  // namespace
}  // namespace faultline
