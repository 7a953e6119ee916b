// mutex: acquire while free, release while held.
#include "checkers/models/mutex.h"

namespace faultline {
namespace {

class MutexMachine : public Machine {
 public:
  // acquires[i]: op i is an acquire (else a release).
  MutexMachine(std::vector<bool> acquires, bool held)
      : acquires_(std::move(acquires)), held_(held) {}

  State initial() const override { return {held_ ? 1 : 0}; }

  bool step(const State& s, size_t i, State& out) const override {
    const int64_t want = acquires_[i] ? 0 : 1;  // the state the op needs
    if (s[0] != want) return false;
    out = {1 - want};
    return true;
  }

  Json describe(const State& s) const override { return s[0] != 0 ? "held" : "free"; }

 private:
  std::vector<bool> acquires_;
  bool held_;
};

}  // namespace

CompileResult compile_mutex(const std::vector<CheckOp>& ops, const ModelOptions& options) {
  if (!options.init.is_null() && !options.init.is_boolean()) {
    return {nullptr, "mutex init must be true (held), false or null (free), got " +
                         options.init.dump(),
            nullptr};
  }
  std::vector<bool> acquires;
  acquires.reserve(ops.size());
  for (const CheckOp& op : ops) {
    if (op.f() != "acquire" && op.f() != "release") {
      return {nullptr,
              "the mutex model has no operation '" + op.f() + "' (expected acquire or release)",
              op.invoke};
    }
    acquires.push_back(op.f() == "acquire");
  }
  return {std::make_unique<MutexMachine>(std::move(acquires), options.init == true), "",
          nullptr};
}

}  // namespace faultline
