// An in-memory store of sets, one per key, and its Client, for tests: no
// database, no network. Each op is atomic under the store's lock; the client
// injects the faults of memory_faults.h (lost_update_rate drops acked adds).
//
// MemorySetStore is thread-safe and must outlive its clients.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include "harness/runner/client.h"
#include "workloads/memory_faults.h"

namespace faultline {

class MemorySetStore {
 public:
  // add (value: the element) or read on op.key: ok with the element for an
  // add, ok with the sorted list of elements for a read; fail otherwise.
  Completion apply(const Op& op);
  // The elements of `key` now, sorted.
  Json elements(const std::string& key);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::set<Json>> sets_;
};

using MemorySetClient = FaultyMemoryClient<MemorySetStore>;

// Opens a MemorySetClient per worker on `store`, seeded by seed and worker.
inline ClientFactory memory_set_clients(MemorySetStore& store, MemoryClientFaults faults = {},
                                        uint64_t seed = 0) {
  return faulty_memory_clients(store, faults, seed);
}

}  // namespace faultline
