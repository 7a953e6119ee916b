// An in-memory register store and its Client, for tests and benchmarks: no
// database, no network. The store is linearizable (each op is atomic under
// its key's lock); the client can inject the faults a real one meets (fail,
// info, latency past the deadline) and, on purpose, bugs: stale reads, lost
// writes (memory_faults.h).
//
// MemoryRegisterStore is thread-safe and must outlive its clients. A
// MemoryRegisterClient belongs to one worker thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "harness/runner/client.h"
#include "harness/runner/workload.h"
#include "workloads/memory_faults.h"

namespace faultline {

class MemoryRegisterStore {
 public:
  // read / write / cas [old new] on op.key: ok with what a read saw, ok for a
  // write, ok or fail for a cas; fail for an unknown f.
  Completion apply(const Op& op);
  // The value of `key` now (null when never written).
  Json value(const std::string& key);

 private:
  struct Shard {
    std::mutex mutex;
    std::unordered_map<std::string, Json> values;
  };
  Shard& shard(const std::string& key);

  std::array<Shard, 64> shards_;
};

class MemoryRegisterClient : public Client {
 public:
  MemoryRegisterClient(MemoryRegisterStore& store, MemoryClientFaults faults, uint64_t seed)
      : store_(store), faults_(faults, seed) {}

  Completion invoke(const Op& invocation, Deadline deadline) override;

 private:
  Completion apply(const Op& invocation);
  Completion stale_read(const Op& invocation);
  void remember(const Op& invocation, const Completion& completion);

  MemoryRegisterStore& store_;
  FaultInjector faults_;
  std::unordered_map<std::string, Json> seen_;  // for stale reads only
};

// Opens a MemoryRegisterClient per worker on `store`, seeded by seed and worker.
ClientFactory memory_register_clients(MemoryRegisterStore& store, MemoryClientFaults faults = {},
                                      uint64_t seed = 0);

}  // namespace faultline
