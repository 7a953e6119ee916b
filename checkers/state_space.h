// Interns a Machine's states as small ids and caches its steps, so the search
// compares and remembers states as integers and calls the Machine once per
// distinct (state, op) pair. Not thread-safe: one per search.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "checkers/model.h"

namespace faultline {

class StateSpace {
 public:
  static constexpr int32_t kImpossible = -1;

  explicit StateSpace(const Machine& machine);
  uint32_t initial() const { return 0; }
  // The state after op i from state s, or kImpossible.
  int32_t step(uint32_t s, size_t i);
  const State& state(uint32_t id) const { return states_[id]; }
  // What the tables hold, as the allocator sees it (nodes, buckets, buffers).
  size_t bytes() const;

 private:
  struct Hash {
    size_t operator()(const State& s) const;
  };
  uint32_t intern(const State& s);

  const Machine& machine_;
  std::vector<State> states_;
  std::unordered_map<State, uint32_t, Hash> ids_;
  std::unordered_map<uint64_t, int32_t> steps_;  // (state << 32 | op) -> next
  State scratch_;
  size_t state_buffer_bytes_ = 0;  // the heap buffers of the interned states (two copies)
};

}  // namespace faultline
