#include <gtest/gtest.h>

#include <chrono>

#include "workloads/memory_counter.h"
#include "workloads/memory_set.h"

namespace faultline {
namespace {

using std::chrono::steady_clock;

Op op(std::string f, Json value, std::string key = "k") {
  Op o;
  o.f = std::move(f);
  o.key = std::move(key);
  o.value = std::move(value);
  return o;
}

const auto kFarDeadline = steady_clock::now() + std::chrono::hours(1);

TEST(MemorySetStore, ReadsTheSortedElementsOfItsKey) {
  MemorySetStore store;
  EXPECT_EQ(store.apply(op("read", nullptr)).value, Json::array());
  EXPECT_EQ(store.apply(op("add", 3)).type, OpType::kOk);
  store.apply(op("add", 1));
  store.apply(op("add", 7, "other"));
  const Completion read = store.apply(op("read", nullptr));
  EXPECT_EQ(read.type, OpType::kOk);
  EXPECT_EQ(read.value, (Json{1, 3}));
  EXPECT_EQ(store.elements("other"), (Json{7}));
  EXPECT_EQ(store.apply(op("cas", nullptr)).type, OpType::kFail);
}

TEST(MemoryCounterStore, AddsUpPerKeyFromZero) {
  MemoryCounterStore store;
  EXPECT_EQ(store.apply(op("read", nullptr)).value, 0);
  store.apply(op("add", 2));
  store.apply(op("add", 3));
  store.apply(op("add", 10, "other"));
  EXPECT_EQ(store.apply(op("read", nullptr)).value, 5);
  EXPECT_EQ(store.value("other"), 10);
  EXPECT_EQ(store.apply(op("add", "x")).type, OpType::kFail);
}

TEST(MemorySetClient, InjectedFailuresDoNotTakeEffect) {
  MemorySetStore store;
  MemorySetClient client(store, {.fail_rate = 1}, 1);
  EXPECT_EQ(client.invoke(op("add", 1), kFarDeadline).type, OpType::kFail);
  EXPECT_EQ(store.elements("k"), Json::array());
}

TEST(MemorySetClient, LostUpdatesAreAcknowledgedButNotApplied) {
  MemorySetStore store;
  MemorySetClient client(store, {.lost_update_rate = 1}, 1);
  const Completion c = client.invoke(op("add", 1), kFarDeadline);
  EXPECT_EQ(c.type, OpType::kOk);
  EXPECT_EQ(store.elements("k"), Json::array());
  EXPECT_EQ(client.invoke(op("read", nullptr), kFarDeadline).type, OpType::kOk)
      << "reads are never dropped";
}

TEST(MemoryCounterClient, InjectedInfoSometimesTakesEffect) {
  MemoryCounterStore store;
  MemoryCounterClient client(store, {.info_rate = 1}, 3);
  for (int i = 0; i < 100; ++i) {
    const Completion c = client.invoke(op("add", 1), kFarDeadline);
    EXPECT_EQ(c.type, OpType::kInfo);
    EXPECT_FALSE(c.error.is_null());
  }
  EXPECT_GT(store.value("k"), 20);
  EXPECT_LT(store.value("k"), 80);
}

TEST(MemoryCounterClient, AnOpSlowerThanItsDeadlineIsATimeout) {
  MemoryCounterStore store;
  MemoryCounterClient client(store, {.latency = std::chrono::seconds(10)}, 1);
  const auto start = steady_clock::now();
  const Completion c = client.invoke(op("add", 1), start + std::chrono::milliseconds(50));
  EXPECT_EQ(c.type, OpType::kInfo);
  EXPECT_EQ(c.error, "timeout");
  EXPECT_LT(steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(MemoryClients, OpenOneClientPerWorkerOnTheSameStore) {
  MemorySetStore sets;
  MemoryCounterStore counters;
  auto a = memory_set_clients(sets)({0, "n1"});
  auto b = memory_set_clients(sets)({1, "n2"});
  a->invoke(op("add", 4), kFarDeadline);
  EXPECT_EQ(b->invoke(op("read", nullptr), kFarDeadline).value, (Json{4}));
  auto c = memory_counter_clients(counters)({0, "n1"});
  auto d = memory_counter_clients(counters)({1, "n2"});
  c->invoke(op("add", 4), kFarDeadline);
  EXPECT_EQ(d->invoke(op("read", nullptr), kFarDeadline).value, 4);
}

}  // namespace
}  // namespace faultline
