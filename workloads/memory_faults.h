// The faults an in-memory client (memory_register.h, memory_set.h,
// memory_counter.h) injects, like a real client meets them: fail, info,
// latency past the deadline; and, on purpose, bugs for checker tests.
//
// A FaultInjector, like a client, belongs to one worker thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "harness/runner/client.h"
#include "harness/runner/workload.h"

namespace faultline {

struct MemoryClientFaults {
  double fail_rate = 0;                 // answer fail, not applied
  double info_rate = 0;                 // answer info; applied or not, half and half
  std::chrono::nanoseconds latency{0};  // each op takes this long; past the deadline: info
  // A bug, for register checker tests: a read answers the first value this
  // client saw on the key (a replica that stopped catching up) instead of the
  // current one.
  double stale_read_rate = 0;
  // A bug, for set and counter checker tests: an op other than a read
  // answers ok without being applied (an acknowledged write that is lost).
  double lost_update_rate = 0;
};

class FaultInjector {
 public:
  FaultInjector(MemoryClientFaults faults, uint64_t seed) : faults_(faults), rng_(seed) {}

  // Runs `apply` (which performs `invocation` on the store) under the faults:
  // it may be delayed, skipped, or run with its answer replaced.
  Completion run(const Op& invocation, Client::Deadline deadline,
                 const std::function<Completion()>& apply);

  const MemoryClientFaults& faults() const { return faults_; }
  // True with probability `rate`, from this client's rng.
  bool chance(double rate) { return rate > 0 && uniform01(rng_) < rate; }

 private:
  const MemoryClientFaults faults_;
  Rng rng_;
};

// A client that applies each op to a store (anything with `Completion
// apply(const Op&)`, thread-safe) under injected faults.
template <class Store>
class FaultyMemoryClient : public Client {
 public:
  FaultyMemoryClient(Store& store, MemoryClientFaults faults, uint64_t seed)
      : store_(store), faults_(faults, seed) {}

  Completion invoke(const Op& invocation, Deadline deadline) override {
    return faults_.run(invocation, deadline, [&] { return store_.apply(invocation); });
  }

 private:
  Store& store_;
  FaultInjector faults_;
};

// The seed of worker `worker`'s client in a run seeded `seed`.
inline uint64_t memory_client_seed(uint64_t seed, int worker) {
  return seed * 1000003 + static_cast<uint64_t>(worker);
}

// Opens a FaultyMemoryClient per worker on `store` (which must outlive them).
template <class Store>
ClientFactory faulty_memory_clients(Store& store, MemoryClientFaults faults, uint64_t seed) {
  return [&store, faults, seed](const ClientContext& context) -> std::unique_ptr<Client> {
    return std::make_unique<FaultyMemoryClient<Store>>(store, faults,
                                                       memory_client_seed(seed, context.worker));
  };
}

}  // namespace faultline
