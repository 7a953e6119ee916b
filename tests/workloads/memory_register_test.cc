#include "workloads/memory_register.h"

#include <gtest/gtest.h>

#include <chrono>

namespace faultline {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

Op op(std::string f, Json value, std::string key = "k") {
  Op o;
  o.f = std::move(f);
  o.key = std::move(key);
  o.value = std::move(value);
  return o;
}

const auto kFarDeadline = steady_clock::now() + std::chrono::hours(1);

TEST(MemoryRegisterStore, ReadsWhatWasWrittenAndCasChecksTheOldValue) {
  MemoryRegisterStore store;
  EXPECT_TRUE(store.apply(op("read", nullptr)).value.is_null());
  EXPECT_EQ(store.apply(op("write", 1)).type, OpType::kOk);
  EXPECT_EQ(store.apply(op("read", nullptr)).value, 1);
  EXPECT_EQ(store.apply(op("cas", {2, 3})).type, OpType::kFail);
  EXPECT_EQ(store.value("k"), 1);
  EXPECT_EQ(store.apply(op("cas", {1, 3})).type, OpType::kOk);
  EXPECT_EQ(store.value("k"), 3);
  EXPECT_TRUE(store.value("other").is_null());
}

TEST(MemoryRegisterClient, InjectedFailuresDoNotTakeEffect) {
  MemoryRegisterStore store;
  MemoryRegisterClient client(store, {.fail_rate = 1}, 1);
  Completion c = client.invoke(op("write", 5), kFarDeadline);
  EXPECT_EQ(c.type, OpType::kFail);
  EXPECT_TRUE(store.value("k").is_null());
}

TEST(MemoryRegisterClient, InjectedInfoSometimesTakesEffect) {
  MemoryRegisterStore store;
  MemoryRegisterClient client(store, {.info_rate = 1}, 1);
  int applied = 0;
  for (int i = 1; i <= 100; ++i) {
    Completion c = client.invoke(op("write", i, "k" + std::to_string(i)), kFarDeadline);
    EXPECT_EQ(c.type, OpType::kInfo);
    EXPECT_FALSE(c.error.is_null());
    if (store.value("k" + std::to_string(i)) == i) ++applied;
  }
  EXPECT_GT(applied, 20);
  EXPECT_LT(applied, 80);
}

TEST(MemoryRegisterClient, AnOpSlowerThanItsDeadlineIsATimeoutAtTheDeadline) {
  MemoryRegisterStore store;
  MemoryRegisterClient client(store, {.latency = std::chrono::seconds(10)}, 1);
  auto start = steady_clock::now();
  Completion c = client.invoke(op("read", nullptr), start + milliseconds(50));
  EXPECT_EQ(c.type, OpType::kInfo);
  EXPECT_EQ(c.error, "timeout");
  EXPECT_LT(steady_clock::now() - start, milliseconds(2000));
}

TEST(MemoryRegisterClient, StaleReadsAnswerWhatThisClientSawBefore) {
  MemoryRegisterStore store;
  MemoryRegisterClient buggy(store, {.stale_read_rate = 1}, 1);
  MemoryRegisterClient other(store, {}, 2);
  buggy.invoke(op("write", 1), kFarDeadline);
  other.invoke(op("write", 2), kFarDeadline);
  EXPECT_EQ(buggy.invoke(op("read", nullptr), kFarDeadline).value, 1);
  EXPECT_EQ(other.invoke(op("read", nullptr), kFarDeadline).value, 2);
}

TEST(MemoryRegisterClients, OpenOneClientPerWorkerOnTheSameStore) {
  MemoryRegisterStore store;
  ClientFactory factory = memory_register_clients(store);
  auto a = factory({0, "n1"});
  auto b = factory({1, "n2"});
  a->invoke(op("write", 9), kFarDeadline);
  EXPECT_EQ(b->invoke(op("read", nullptr), kFarDeadline).value, 9);
}

}  // namespace
}  // namespace faultline
