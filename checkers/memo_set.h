// The search's memo: a set of (set of linearized ops, model state) pairs seen.
//
// The op set is identified by a 96-bit Zobrist fingerprint (two independent
// XOR-of-random-keys hashes, updated in O(1) as ops are linearized and
// undone), the state by its interned id. Two different op sets collide with
// probability about 2^-96 per pair: with 10^9 entries that is below 10^-10,
// so a prune is never a practical guess, while an entry costs 16 bytes
// instead of a bitset of the whole history. Open addressing, linear probing.
// Not thread-safe: one per search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace faultline {

struct OpSetFingerprint {
  uint64_t a = 0;
  uint32_t b = 0;
  void toggle(uint64_t op);  // add or remove op (XOR is its own inverse)
};

class MemoSet {
 public:
  MemoSet();
  // Inserts; returns false when the pair was already there.
  bool insert(const OpSetFingerprint& ops, uint32_t state);
  size_t size() const { return size_; }
  size_t bytes() const { return slots_.size() * sizeof(Slot); }
  // What the next insert may hold at once: a full table grows by making a new
  // one twice the size while the old one still exists.
  size_t bytes_during_next_insert() const {
    return needs_growth() ? bytes() * 3 : bytes();
  }

 private:
  struct Slot {
    uint64_t a;
    uint32_t b;
    uint32_t state;  // kEmpty marks a free slot
  };
  static constexpr uint32_t kEmpty = UINT32_MAX;
  bool needs_growth() const { return (size_ + 1) * 4 > slots_.size() * 3; }  // load under 3/4
  void grow();
  bool place(const Slot& s);

  std::vector<Slot> slots_;
  size_t size_ = 0;
};

}  // namespace faultline
