#include "checkers/state_space.h"

namespace faultline {

// Rough per-entry costs of the node-based maps, for the memory budget.
constexpr size_t kStepEntryBytes = 48;
constexpr size_t kStateEntryBytes = 96;

size_t StateSpace::Hash::operator()(const State& s) const {
  uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
  for (int64_t v : s) h = (h ^ static_cast<uint64_t>(v)) * 0x100000001b3ULL;
  return static_cast<size_t>(h ^ (h >> 29));
}

StateSpace::StateSpace(const Machine& machine) : machine_(machine) {
  intern(machine_.initial());
}

uint32_t StateSpace::intern(const State& s) {
  auto [it, inserted] = ids_.try_emplace(s, static_cast<uint32_t>(states_.size()));
  if (inserted) {
    states_.push_back(s);
    bytes_ += kStateEntryBytes + 2 * s.size() * sizeof(int64_t);
  }
  return it->second;
}

int32_t StateSpace::step(uint32_t s, size_t i) {
  const uint64_t key = (static_cast<uint64_t>(s) << 32) | static_cast<uint64_t>(i);
  auto [it, inserted] = steps_.try_emplace(key, kImpossible);
  if (!inserted) return it->second;
  bytes_ += kStepEntryBytes;
  if (machine_.step(states_[s], i, scratch_)) {
    // Interning may grow states_; take the id first, then store it.
    int32_t next = static_cast<int32_t>(intern(scratch_));
    steps_[key] = next;
    return next;
  }
  return kImpossible;
}

}  // namespace faultline
