#include "tests/support/brute_force.h"

#include <map>
#include <string>

#include "checkers/linearizability.h"

namespace faultline::testing {
namespace {

class BruteForce {
 public:
  BruteForce(const Machine& m, const std::vector<CheckOp>& ops)
      : m_(m), ops_(ops), done_(ops.size()) {
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

// Splits ops by key when any op has one, else one part: written apart from
// the checker's split_by_key (key_parts.h), so that a fault there shows as a
// disagreement with this reference.
std::vector<std::vector<CheckOp>> parts_by_key(std::vector<CheckOp> ops) {
  bool keyed = false;
  for (const CheckOp& op : ops) keyed = keyed || op.invoke->key.has_value();
  if (!keyed) return {std::move(ops)};
  std::map<std::string, std::vector<CheckOp>> parts;
  for (CheckOp& op : ops) parts[op.invoke->key.value_or(std::string())].push_back(op);
  std::vector<std::vector<CheckOp>> out;
  for (auto& [key, part] : parts) out.push_back(std::move(part));
  return out;
}

}  // namespace

Verdict brute_force_check(const History& history, const Model& model, const ModelOptions& options) {
  std::vector<PairedOp> paired = pair_ops(history, nullptr);
  for (const std::vector<CheckOp>& part : parts_by_key(to_check_ops(history, paired))) {
    CompileResult compiled = model.compile(part, options);
    if (!compiled.machine) return Verdict::kUnknown;
    BruteForce search(*compiled.machine, part);
    if (!search.search(compiled.machine->initial())) return Verdict::kInvalid;
  }
  return Verdict::kValid;
}

}  // namespace faultline::testing
