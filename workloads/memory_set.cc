#include "workloads/memory_set.h"

namespace faultline {

Completion MemorySetStore::apply(const Op& op) {
  const std::string key = op.key.value_or("");
  std::lock_guard lock(mutex_);
  if (op.f == "add") {
    sets_[key].insert(op.value);
    return Completion::ok(op.value);
  }
  if (op.f == "read") {
    auto it = sets_.find(key);
    return Completion::ok(it == sets_.end() ? Json::array() : Json(it->second));
  }
  return Completion::fail("the set store knows add and read, not " + op.f);
}

Json MemorySetStore::elements(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = sets_.find(key);
  return it == sets_.end() ? Json::array() : Json(it->second);
}

}  // namespace faultline
