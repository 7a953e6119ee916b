#include "tests/support/brute_force.h"

#include "checkers/linearizability.h"

namespace faultline::testing {
namespace {

class BruteForce {
 public:
  BruteForce(const Machine& m, const std::vector<CheckOp>& ops) : m_(m), ops_(ops), done_(ops.size()) {
    for (const CheckOp& op : ops) remaining_ok_ += op.ok;
  }

  bool search(const State& state) {
    if (remaining_ok_ == 0) return true;
    for (size_t i = 0; i < ops_.size(); ++i) {
      if (done_[i] || !ready(i)) continue;
      State next;
      if (!m_.step(state, i, next)) continue;
      done_[i] = true;
      remaining_ok_ -= ops_[i].ok;
      bool found = search(next);
      done_[i] = false;
      remaining_ok_ += ops_[i].ok;
      if (found) return true;
    }
    return false;
  }

 private:
  // Every ok op that completed before i was invoked must already be done.
  bool ready(size_t i) const {
    for (size_t j = 0; j < ops_.size(); ++j) {
      if (!done_[j] && ops_[j].ok && ops_[j].return_position < ops_[i].call_position) return false;
    }
    return true;
  }

  const Machine& m_;
  const std::vector<CheckOp>& ops_;
  std::vector<bool> done_;
  size_t remaining_ok_ = 0;
};

}  // namespace

Verdict brute_force_check(const History& history, const Model& model,
                          const ModelOptions& options) {
  std::vector<PairedOp> paired = pair_ops(history, nullptr);
  for (const Part& part : model.partition(to_check_ops(history, paired))) {
    CompileResult compiled = model.compile(part.ops, options);
    if (!compiled.machine) return Verdict::kUnknown;
    BruteForce search(*compiled.machine, part.ops);
    if (!search.search(compiled.machine->initial())) return Verdict::kInvalid;
  }
  return Verdict::kValid;
}

}  // namespace faultline::testing
