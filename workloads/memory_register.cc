#include "workloads/memory_register.h"

#include <functional>

namespace faultline {

MemoryRegisterStore::Shard& MemoryRegisterStore::shard(const std::string& key) {
  return shards_[std::hash<std::string>{}(key) % shards_.size()];
}

Completion MemoryRegisterStore::apply(const Op& op) {
  const std::string key = op.key.value_or("");
  Shard& s = shard(key);
  std::lock_guard lock(s.mutex);
  if (op.f == "read") {
    auto it = s.values.find(key);
    return Completion::ok(it == s.values.end() ? Json(nullptr) : it->second);
  }
  if (op.f == "write") {
    s.values[key] = op.value;
    return Completion::ok(op.value);
  }
  if (op.f == "cas" && op.value.is_array() && op.value.size() == 2) {
    auto it = s.values.find(key);
    const Json current = it == s.values.end() ? Json(nullptr) : it->second;
    if (current != op.value[0]) return Completion::fail("precondition failed", op.value);
    s.values[key] = op.value[1];
    return Completion::ok(op.value);
  }
  return Completion::fail("unknown operation " + op.f);
}

Json MemoryRegisterStore::value(const std::string& key) {
  Shard& s = shard(key);
  std::lock_guard lock(s.mutex);
  auto it = s.values.find(key);
  return it == s.values.end() ? Json(nullptr) : it->second;
}

Completion MemoryRegisterClient::invoke(const Op& invocation, Deadline deadline) {
  return faults_.run(invocation, deadline, [&] { return apply(invocation); });
}

Completion MemoryRegisterClient::apply(const Op& invocation) {
  if (invocation.f == "read" && faults_.chance(faults_.faults().stale_read_rate)) {
    return stale_read(invocation);
  }
  Completion completion = store_.apply(invocation);
  if (faults_.faults().stale_read_rate > 0) remember(invocation, completion);
  return completion;
}

Completion MemoryRegisterClient::stale_read(const Op& invocation) {
  auto it = seen_.find(invocation.key.value_or(""));
  if (it == seen_.end()) return store_.apply(invocation);
  return Completion::ok(it->second);
}

void MemoryRegisterClient::remember(const Op& invocation, const Completion& completion) {
  if (completion.type != OpType::kOk) return;
  const std::string key = invocation.key.value_or("");
  // emplace: the first value seen stays, like a replica that stopped catching up.
  if (invocation.f == "read") seen_.emplace(key, completion.value);
  if (invocation.f == "write") seen_.emplace(key, invocation.value);
  if (invocation.f == "cas") seen_.emplace(key, invocation.value[1]);
}

ClientFactory memory_register_clients(MemoryRegisterStore& store, MemoryClientFaults faults,
                                      uint64_t seed) {
  return [&store, faults, seed](const ClientContext& context) -> std::unique_ptr<Client> {
    return std::make_unique<MemoryRegisterClient>(store, faults,
                                                  memory_client_seed(seed, context.worker));
  };
}

}  // namespace faultline
