#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness/history/history_reader.h"
#include "harness/runner/history_writer.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("faultline-" + std::to_string(getpid()) + "-" + name))
      .string();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Op client_op(int64_t process, OpType type) {
  Op op;
  op.process = process;
  op.type = type;
  op.f = "write";
  op.key = "k";
  op.value = process;
  return op;
}

TEST(HistoryWriter, GivesConsecutiveIndexesAndTimesInTheOrderOpsArrive) {
  const std::string path = temp_path("order.jsonl");
  auto writer = HistoryWriter::open(path, RunClock());
  ASSERT_TRUE(writer.ok()) << writer.error();
  OpStamp a = (*writer)->append(client_op(0, OpType::kInvoke));
  OpStamp b = (*writer)->append(client_op(0, OpType::kOk));
  EXPECT_EQ(a.index, 0);
  EXPECT_EQ(b.index, 1);
  EXPECT_LE(a.time_ns, b.time_ns);
  Op timed = client_op(1, OpType::kInvoke);
  timed.time_ns = 5;
  EXPECT_EQ((*writer)->append(timed).time_ns, 5) << "a given time is kept";
  EXPECT_EQ((*writer)->close(), std::nullopt);
  auto history = read_history_file(path, HistoryFormat::kJsonl);
  ASSERT_TRUE(history.ok()) << history.error().message;
  ASSERT_EQ(history->ops.size(), 3u);
  EXPECT_EQ(history->ops[1].type, OpType::kOk);
  EXPECT_EQ(history->ops[2].time_ns, 5);
  std::filesystem::remove(path);
}

TEST(HistoryWriter, OpsReachTheFileWhileTheRunGoesOn) {
  const std::string path = temp_path("incremental.jsonl");
  auto writer = HistoryWriter::open(path, RunClock(), {.flush_interval = milliseconds(20)});
  ASSERT_TRUE(writer.ok());
  (*writer)->append(client_op(0, OpType::kInvoke));
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(slurp(path).find("\"index\":0"), 1u) << slurp(path);
  (*writer)->close();
  std::filesystem::remove(path);
}

TEST(HistoryWriter, ManyThreadsThroughASmallQueueLoseNothing) {
  const std::string path = temp_path("threads.jsonl");
  auto writer = HistoryWriter::open(path, RunClock(), {.queue_capacity = 8, .batch_size = 4});
  ASSERT_TRUE(writer.ok());
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 1000; ++i) (*writer)->append(client_op(t, OpType::kInvoke));
      });
    }
  }
  EXPECT_EQ((*writer)->appended(), 8000);
  EXPECT_EQ((*writer)->close(), std::nullopt);
  auto history = read_history_file(path, HistoryFormat::kJsonl);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->ops.size(), 8000u);
  for (size_t i = 0; i < history->ops.size(); ++i) {
    EXPECT_EQ(history->ops[i].index, static_cast<int64_t>(i));
    if (i > 0) {
      EXPECT_LE(history->ops[i - 1].time_ns, history->ops[i].time_ns);
    }
  }
  std::filesystem::remove(path);
}

TEST(HistoryWriter, AppendAfterCloseIsAProgrammerError) {
  const std::string path = temp_path("closed.jsonl");
  auto writer = HistoryWriter::open(path, RunClock());
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ((*writer)->close(), std::nullopt);
  EXPECT_EQ((*writer)->close(), std::nullopt) << "close is idempotent";
  EXPECT_THROW((*writer)->append(client_op(0, OpType::kInvoke)), std::logic_error);
  std::filesystem::remove(path);
}

TEST(HistoryWriter, AFileThatCannotBeCreatedIsAnErrorNamingIt) {
  auto writer = HistoryWriter::open("/nonexistent-dir/history.jsonl", RunClock());
  ASSERT_FALSE(writer.ok());
  EXPECT_NE(writer.error().find("/nonexistent-dir/history.jsonl"), std::string::npos);
  EXPECT_NE(writer.error().find("No such file"), std::string::npos) << writer.error();
}

TEST(HistoryWriter, AWriteErrorIsReportedByClose) {
  auto writer = HistoryWriter::open("/dev/full", RunClock());
  ASSERT_TRUE(writer.ok());
  (*writer)->append(client_op(0, OpType::kInvoke));
  std::optional<std::string> error = (*writer)->close();
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("No space left"), std::string::npos) << *error;
}

}  // namespace
}  // namespace faultline
