// The counter workload: `add` of a small positive increment to a key's
// counter, and reads of it, checked per key by the counter checker
// (checkers/counter_checker.h). The final phase reads each active key once
// per worker.
//
// Not thread-safe: used by the Generator only (it keeps no state).
#pragma once

#include <cstdint>

#include "harness/runner/workload.h"
#include "workloads/checker_choice.h"

namespace faultline {

struct CounterWorkloadOptions {
  int64_t max_increment = 5;  // an add adds 1..max_increment, drawn from the rng
};

class CounterWorkload : public Workload {
 public:
  explicit CounterWorkload(CounterWorkloadOptions options = {}) : options_(options) {}

  std::string_view name() const override { return "counter"; }
  std::vector<WeightedF> default_mix() const override;
  Op make_op(std::string_view f, const std::string& key, Rng& rng) override;
  std::vector<Op> final_ops(const std::string& key) override;

 private:
  CounterWorkloadOptions options_;
};

// How a counter history is checked: the counter checker.
CheckerChoice counter_checker();

}  // namespace faultline
