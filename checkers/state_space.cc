#include "checkers/state_space.h"

#include <utility>

namespace faultline {

namespace {

// The size of the block glibc's malloc takes for a request of n bytes: an
// 8-byte header, rounded up to 16, at least 32.
constexpr size_t malloc_block(size_t n) { return n + 8 <= 32 ? 32 : (n + 8 + 15) / 16 * 16; }

// A node of an unordered_map: the next pointer, the pair and (for a hash that
// is not noexcept, as State's) the cached hash.
constexpr size_t kStepNodeBytes = malloc_block(sizeof(void*) + sizeof(std::pair<uint64_t, int32_t>));
constexpr size_t kStateNodeBytes =
    malloc_block(sizeof(void*) + sizeof(std::pair<State, uint32_t>) + sizeof(size_t));

}  // namespace

size_t StateSpace::bytes() const {
  return steps_.size() * kStepNodeBytes + steps_.bucket_count() * sizeof(void*) +
         ids_.size() * kStateNodeBytes + ids_.bucket_count() * sizeof(void*) +
         states_.capacity() * sizeof(State) + state_buffer_bytes_;
}

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
    if (!s.empty()) state_buffer_bytes_ += 2 * malloc_block(s.size() * sizeof(int64_t));
  }
  return it->second;
}

int32_t StateSpace::step(uint32_t s, size_t i) {
  const uint64_t key = (static_cast<uint64_t>(s) << 32) | static_cast<uint64_t>(i);
  auto [it, inserted] = steps_.try_emplace(key, kImpossible);
  if (!inserted) return it->second;
  if (machine_.step(states_[s], i, scratch_)) {
    // Interning may grow states_; take the id first, then store it.
    int32_t next = static_cast<int32_t>(intern(scratch_));
    steps_[key] = next;
    return next;
  }
  return kImpossible;
}

}  // namespace faultline
