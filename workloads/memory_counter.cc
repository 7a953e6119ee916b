#include "workloads/memory_counter.h"

namespace faultline {

Completion MemoryCounterStore::apply(const Op& op) {
  const std::string key = op.key.value_or("");
  std::lock_guard lock(mutex_);
  if (op.f == "add") {
    if (!op.value.is_number_integer()) {
      return Completion::fail("an add needs an integer, not " + op.value.dump());
    }
    counters_[key] += op.value.get<int64_t>();
    return Completion::ok(op.value);
  }
  if (op.f == "read") {
    auto it = counters_.find(key);
    return Completion::ok(it == counters_.end() ? 0 : it->second);
  }
  return Completion::fail("the counter store knows add and read, not " + op.f);
}

int64_t MemoryCounterStore::value(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = counters_.find(key);
  return it == counters_.end() ? 0 : it->second;
}

}  // namespace faultline
