// The set workload: `add` of a fresh element to a key's set, and reads of the
// whole set, checked per key by the set checker (checkers/set_checker.h).
//
// Elements are unique per key (a counter per key: 1, 2, 3, ...), so a lost or
// unexpected element names the one add it came from. The final phase reads
// every key, also those retired before the end (the generator rotates keys):
// only a read after all adds have completed and the faults are healed tells
// a lost element. A few reads in the main mix also show what each key held
// while the faults were on.
//
// Not thread-safe: used by the Generator only.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "harness/runner/workload.h"
#include "workloads/checker_choice.h"

namespace faultline {

class SetWorkload : public Workload {
 public:
  std::string_view name() const override { return "set"; }
  std::vector<WeightedF> default_mix() const override;
  Op make_op(std::string_view f, const std::string& key, Rng& rng) override;
  std::vector<Op> final_ops(const std::string& key) override;
  void retire_key(const std::string& key) override { last_element_.erase(key); }

  size_t keys_with_state() const { return last_element_.size(); }

 private:
  std::unordered_map<std::string, int64_t> last_element_;  // per key: the last element handed out
};

// How a set history is checked: the set checker.
CheckerChoice set_checker();

}  // namespace faultline
