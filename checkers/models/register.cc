// register and cas-register: one value; read, write, and (cas-register) cas [old new].
#include "checkers/models/register.h"

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
  RegisterMachine(std::vector<RegisterOp> ops, ValueIds ids, int64_t init)
      : ops_(std::move(ops)), ids_(std::move(ids)), init_(init) {}

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

  Json describe(const State& s) const override { return ids_.value(s[0]); }

 private:
  std::vector<RegisterOp> ops_;
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
  return {std::make_unique<RegisterMachine>(std::move(compiled), std::move(ids), init), "",
          nullptr};
}

}  // namespace faultline
