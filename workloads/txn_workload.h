// The transactional workloads: list-append and rw-register (issue 18). Each
// op is a txn (f "txn") whose value is its micro-ops (docs/history-format.md):
//   list-append  [["append", k, v], ["r", k, null], ...]
//   rw-register  [["w", k, v], ["r", k, null], ...]
// checked by Elle's method (checkers/elle/).
//
// As Jepsen's append workload (jepsen.tests.cycle.append) by default: a txn
// has 1 to 4 micro-ops, each a read or (half the time) a write, on one of 3
// active keys drawn uniformly; values are unique per key (1, 2, 3, ...); a
// key written 32 times retires and a fresh key takes its place, so every
// key's order stays short. The keys are integers 0, 1, 2, ... The final
// phase reads every key that was ever written, one txn per key.
//
// The txns choose their own keys: the generator's keys (and `keys:` in the
// test file) do not apply; ops carry no key.
//
// Not thread-safe: used by the Generator only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checkers/elle/txn_table.h"
#include "harness/runner/workload.h"
#include "workloads/checker_choice.h"

namespace faultline {

struct TxnSettings {
  int min_length = 1;           // micro-ops per txn, at least
  int max_length = 4;           // and at most
  double read_ratio = 0.5;      // the chance that a micro-op is a read
  int active_keys = 3;          // keys in use at once
  int max_writes_per_key = 32;  // writes (appends) of a key before it retires
};

// What is wrong with `settings` (naming the setting and the fix), or nothing.
std::optional<std::string> validate(const TxnSettings& settings);

class TransactionWorkload : public Workload {
 public:
  explicit TransactionWorkload(elle::TxnWorkload kind, TxnSettings settings = {});

  std::string_view name() const override;
  std::vector<WeightedF> default_mix() const override { return {{"txn", 1}}; }
  Op make_op(std::string_view f, const std::string& key, Rng& rng) override;
  // The generator's keys are not this workload's: nothing per key.
  std::vector<Op> final_ops(const std::string&) override { return {}; }
  std::vector<Op> shared_final_ops() override;

  const std::vector<int64_t>& active() const { return active_; }
  int64_t keys_used() const { return next_key_; }

 private:
  Json micro_op(int64_t slot, Rng& rng);

  elle::TxnWorkload kind_;
  TxnSettings settings_;
  std::vector<int64_t> active_;  // the keys in use
  std::vector<int64_t> writes_;  // per key ever used: writes handed out (the last value)
  int64_t next_key_ = 0;
};

// How a txn history is checked: Elle, with the workload's model.
CheckerChoice txn_checker(elle::TxnWorkload kind);

}  // namespace faultline
