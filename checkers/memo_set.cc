#include "checkers/memo_set.h"

namespace faultline {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

void OpSetFingerprint::toggle(uint64_t op) {
  a ^= splitmix64(op * 2 + 1);
  b ^= static_cast<uint32_t>(splitmix64(op * 2 + 0x5851f42d4c957f2dULL) >> 32);
}

MemoSet::MemoSet() : slots_(1024, Slot{0, 0, kEmpty}) {}

bool MemoSet::place(const Slot& s) {
  const size_t mask = slots_.size() - 1;
  size_t i = (s.a ^ (static_cast<uint64_t>(s.state) * 0x9e3779b97f4a7c15ULL)) & mask;
  while (true) {
    Slot& slot = slots_[i];
    if (slot.state == kEmpty) {
      slot = s;
      return true;
    }
    if (slot.a == s.a && slot.b == s.b && slot.state == s.state) return false;
    i = (i + 1) & mask;
  }
}

void MemoSet::grow() {
  std::vector<Slot> old(slots_.size() * 2, Slot{0, 0, kEmpty});
  old.swap(slots_);
  for (const Slot& s : old) {
    if (s.state != kEmpty) place(s);
  }
}

bool MemoSet::insert(const OpSetFingerprint& ops, uint32_t state) {
  if (needs_growth()) grow();
  bool inserted = place(Slot{ops.a, ops.b, state});
  if (inserted) ++size_;
  return inserted;
}

}  // namespace faultline
