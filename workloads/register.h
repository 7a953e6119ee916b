// The register workload: read, write and compare-and-set on independent keys,
// checked per key against the cas-register model.
//
// Every value written on a key is unique (a counter per key: 1, 2, 3, ...), so
// a read names the one write it saw and the checker's evidence is obvious.
// A cas goes from a recently written value of its key (most likely the
// current one) to a fresh unique value; on a key nothing was written to yet,
// a cas is made a write instead. Reads carry value null; the final phase reads
// each active key once per worker.
//
// Not thread-safe: used by the Generator only.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

#include "harness/runner/workload.h"
#include "workloads/checker_choice.h"

namespace faultline {

struct RegisterWorkloadOptions {
  int recent_values = 3;  // a cas's old value is one of the last this many written
};

class RegisterWorkload : public Workload {
 public:
  explicit RegisterWorkload(RegisterWorkloadOptions options = {}) : options_(options) {}

  std::string_view name() const override { return "register"; }
  std::vector<WeightedF> default_mix() const override;
  Op make_op(std::string_view f, const std::string& key, Rng& rng) override;
  std::vector<Op> final_ops(const std::string& key) override;
  void retire_key(const std::string& key) override { keys_.erase(key); }

  size_t keys_with_state() const { return keys_.size(); }

 private:
  struct KeyState {
    int64_t last_value = 0;      // the counter: the last unique value handed out
    std::deque<int64_t> recent;  // the last few values written, newest at the back
  };
  int64_t fresh_value(KeyState& state);

  RegisterWorkloadOptions options_;
  std::unordered_map<std::string, KeyState> keys_;
};

// How a register history is checked: cas-register per key, starting nil, a
// nil read meaning the key held nothing.
CheckerChoice register_checker();

}  // namespace faultline
