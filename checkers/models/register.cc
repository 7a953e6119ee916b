// register and cas-register: one value; read, write, and (cas-register) cas [old new].
#include "checkers/models/register.h"

#include <unordered_set>

#include "checkers/value_ids.h"

namespace faultline {
namespace {

enum class Kind : uint8_t { kRead, kWrite, kCas, kAnyRead };

struct RegisterOp {
  Kind kind;
  int64_t a = 0;  // read/write value, or cas old
  int64_t b = 0;  // cas new
};

class RegisterMachine : public Machine {
 public:
  RegisterMachine(std::vector<RegisterOp> ops, std::vector<bool> unobservable,
                  std::unordered_set<int64_t> reachable, ValueIds ids, int64_t init)
      : ops_(std::move(ops)), unobservable_(std::move(unobservable)),
        reachable_(std::move(reachable)), ids_(std::move(ids)), init_(init) {}

  State initial() const override { return {init_}; }

  bool step(const State& s, size_t i, State& out) const override {
    const RegisterOp& op = ops_[i];
    switch (op.kind) {
      case Kind::kAnyRead: out = s; return true;
      case Kind::kRead: out = s; return s[0] == op.a;
      case Kind::kWrite: out = {op.a}; return true;
      case Kind::kCas:
        if (s[0] != op.a) return false;
        out = {op.b};
        return true;
    }
    return false;
  }

  bool is_identity(size_t i) const override { return ops_[i].kind == Kind::kAnyRead; }
  bool can_leave_out(size_t i) const override { return is_identity(i) || unobservable_[i]; }
  bool never_possible(size_t i) const override {
    const RegisterOp& op = ops_[i];
    return (op.kind == Kind::kRead || op.kind == Kind::kCas) && !reachable_.count(op.a);
  }

  Json describe(const State& s) const override { return ids_.value(s[0]); }

 private:
  std::vector<RegisterOp> ops_;
  std::vector<bool> unobservable_;  // indeterminate writes no read or cas could see
  std::unordered_set<int64_t> reachable_;  // the initial value and every value written
  ValueIds ids_;
  int64_t init_;
};

}  // namespace

CompileResult compile_register(const std::vector<CheckOp>& ops, const ModelOptions& options,
                               bool with_cas) {
  ValueIds ids;
  std::vector<RegisterOp> compiled;
  compiled.reserve(ops.size());
  const int64_t init = ids.id(options.init);
  for (const CheckOp& op : ops) {
    const Json& v = op.value();
    if (op.f() == "read") {
      // An indeterminate read, or a nil read that was not observed, says nothing.
      bool unobserved = !op.ok || (v.is_null() && options.nil_read == NilRead::kUnobserved);
      compiled.push_back({unobserved ? Kind::kAnyRead : Kind::kRead, ids.id(v)});
    } else if (op.f() == "write") {
      compiled.push_back({Kind::kWrite, ids.id(v)});
    } else if (with_cas && op.f() == "cas") {
      if (!v.is_array() || v.size() != 2) {
        return {nullptr, "cas needs a value [old new], got " + v.dump(), op.invoke};
      }
      compiled.push_back({Kind::kCas, ids.id(v[0]), ids.id(v[1])});
    } else {
      std::string known = with_cas ? "read, write or cas" : "read or write";
      return {nullptr, "the " + std::string(with_cas ? "cas-register" : "register") +
                           " model has no operation '" + op.f() + "' (expected " + known + ")",
              op.invoke};
    }
  }
  // A value is observed when an ok read returns it or a cas expects it. An
  // indeterminate write (or cas) of a value nobody observes can only make
  // later reads impossible, so the search may leave it out.
  std::unordered_set<int64_t> observed;
  for (size_t i = 0; i < compiled.size(); ++i) {
    const RegisterOp& op = compiled[i];
    if (op.kind == Kind::kCas || (op.kind == Kind::kRead && ops[i].ok)) observed.insert(op.a);
  }
  std::unordered_set<int64_t> reachable{init};
  for (const RegisterOp& op : compiled) {
    if (op.kind == Kind::kWrite) reachable.insert(op.a);
    if (op.kind == Kind::kCas) reachable.insert(op.b);
  }
  std::vector<bool> unobservable(compiled.size(), false);
  for (size_t i = 0; i < compiled.size(); ++i) {
    const RegisterOp& op = compiled[i];
    int64_t written = op.kind == Kind::kWrite ? op.a : op.kind == Kind::kCas ? op.b : -1;
    unobservable[i] = !ops[i].ok && written >= 0 && !observed.count(written);
  }
  return {std::make_unique<RegisterMachine>(std::move(compiled), std::move(unobservable),
                                            std::move(reachable), std::move(ids), init),
          "", nullptr};
}

}  // namespace faultline
