// An in-memory store of counters, one per key (0 until added to), and its
// Client, for tests: no database, no network. Each op is atomic under the
// store's lock; the client injects the faults of memory_faults.h
// (lost_update_rate drops acked adds).
//
// MemoryCounterStore is thread-safe and must outlive its clients.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "harness/runner/client.h"
#include "workloads/memory_faults.h"

namespace faultline {

class MemoryCounterStore {
 public:
  // add (value: an integer) or read on op.key: ok with the increment for an
  // add, ok with the counter for a read; fail otherwise.
  Completion apply(const Op& op);
  // The counter of `key` now.
  int64_t value(const std::string& key);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, int64_t> counters_;
};

using MemoryCounterClient = FaultyMemoryClient<MemoryCounterStore>;

// Opens a MemoryCounterClient per worker on `store`, seeded by seed and worker.
inline ClientFactory memory_counter_clients(MemoryCounterStore& store,
                                            MemoryClientFaults faults = {}, uint64_t seed = 0) {
  return faulty_memory_clients(store, faults, seed);
}

}  // namespace faultline
