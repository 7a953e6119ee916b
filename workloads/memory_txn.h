// An in-memory transactional store and its Client, for tests: no database,
// no network. Each txn runs atomically under one lock (the store is strict
// serializable). list-append keeps a list per key, rw-register a value.
//
// A bug on purpose (MemoryClientFaults::stale_read_rate): a txn takes its
// reads from a stale snapshot, the first state this client saw of each key
// it does not write, while its writes go to the current state, as a replica
// that stopped catching up would. The reads miss later writes, so
// the history has anti-dependency cycles: G-single (read skew) or G2-item.
//
// MemoryTxnStore is thread-safe and must outlive its clients. A
// MemoryTxnClient belongs to one worker thread.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "checkers/elle/txn_table.h"
#include "harness/runner/client.h"
#include "workloads/memory_faults.h"

namespace faultline {

class MemoryTxnStore {
 public:
  explicit MemoryTxnStore(elle::TxnWorkload kind) : kind_(kind) {}

  // Runs `txn` (f "txn", value its micro-ops): ok with its reads filled in;
  // fail when its value is not a list of micro-ops. `stale` (may be null):
  // key text -> the value reads see instead of the current one.
  Completion apply(const Op& txn, const std::map<std::string, Json>* stale = nullptr);
  // The value of `key` now: a list (list-append) or a value, null when never written.
  Json value(const std::string& key);

 private:
  elle::TxnWorkload kind_;
  std::mutex mutex_;
  std::map<std::string, Json> values_;  // key text -> list or value
};

class MemoryTxnClient : public Client {
 public:
  MemoryTxnClient(MemoryTxnStore& store, MemoryClientFaults faults, uint64_t seed)
      : store_(store), faults_(faults, seed) {}

  Completion invoke(const Op& invocation, Deadline deadline) override;

 private:
  Completion apply(const Op& invocation);

  MemoryTxnStore& store_;
  FaultInjector faults_;
  std::map<std::string, Json> seen_;  // for stale reads: the first value read of each key
};

// Opens a MemoryTxnClient per worker on `store`, seeded by seed and worker.
ClientFactory memory_txn_clients(MemoryTxnStore& store, MemoryClientFaults faults = {},
                                 uint64_t seed = 0);

}  // namespace faultline
