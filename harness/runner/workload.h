// A workload as the generator sees it: the operations it has (each `f` with a
// default weight), how to make an invocation of one `f` on one key, and the
// final ops that read a key back after the faults are healed.
//
// Implementations live in workloads/ (register; set and counter fit the same
// shape: `add` of a unique element or of 1, and a final `read`). A workload
// may keep per-key state (a counter for unique values, the values recently
// written); the generator says when a key is retired so that state can go.
// Which checker reads the history is the workload's business too, but lives
// beside the implementation (workloads/catalog.h), as checkers/ builds on
// harness/.
//
// Called only by the Generator, which is used by one thread at a time.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "harness/history/op.h"

namespace faultline {

// The generator's random source, handed to workloads so that a run's ops
// depend on the seed alone.
using Rng = std::mt19937_64;

// A number in [0, 1), and one in [0, n), from an Rng; the same on every
// platform (unlike std::uniform_*_distribution).
inline double uniform01(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
inline uint64_t uniform_below(Rng& rng, uint64_t n) { return n == 0 ? 0 : rng() % n; }

struct WeightedF {
  std::string f;
  double weight = 1;
};

class Workload {
 public:
  virtual ~Workload() = default;
  virtual std::string_view name() const = 0;
  // Every f this workload can make, with its default weight (0: only when asked).
  virtual std::vector<WeightedF> default_mix() const = 0;
  // An invocation of `f` (one of default_mix()'s) on `key`: f, key and value set.
  virtual Op make_op(std::string_view f, const std::string& key, Rng& rng) = 0;
  // The ops one worker runs on `key` in the final phase (e.g. one read).
  virtual std::vector<Op> final_ops(const std::string& key) = 0;
  // Ops the final phase runs once each, spread round robin over the workers
  // (a txn workload's reads of every key it wrote: its keys are its own).
  virtual std::vector<Op> shared_final_ops() { return {}; }
  // `key` gets no more ops (except its final ones): its state may be dropped.
  virtual void retire_key(const std::string& key) { (void)key; }
  // Whether an op of `f` changes the key (a write, a cas, an add). Every key
  // that saw such an op end ok or info gets its final ops, retired or not:
  // only a read after the faults are healed tells that an acknowledged write
  // was lost.
  virtual bool is_mutation(std::string_view f) const { return f != "read"; }
};

}  // namespace faultline
