// kv: get, put and append on the value of one key.
#include "checkers/models/kv.h"

#include "checkers/value_ids.h"

namespace faultline {
namespace {

constexpr int64_t kScalar = 0;
constexpr int64_t kList = 1;

enum class Kind : uint8_t { kGet, kAnyGet, kPut, kAppend };

struct KvOp {
  Kind kind;
  State value;  // get: the state it must see; put: the state it makes
  int64_t element = 0;  // append: the element's id
};

class KvMachine : public Machine {
 public:
  KvMachine(std::vector<KvOp> ops, ValueIds ids, State init)
      : ops_(std::move(ops)), ids_(std::move(ids)), init_(std::move(init)) {}

  State initial() const override { return init_; }

  bool step(const State& s, size_t i, State& out) const override {
    const KvOp& op = ops_[i];
    switch (op.kind) {
      case Kind::kAnyGet: out = s; return true;
      case Kind::kGet: out = s; return s == op.value;
      case Kind::kPut: out = op.value; return true;
      case Kind::kAppend:
        if (s[0] == kList) {
          out = s;
        } else if (s[1] == ValueIds::kNil) {
          out = {kList};
        } else {
          out = {kList, s[1]};
        }
        out.push_back(op.element);
        return true;
    }
    return false;
  }

  bool is_identity(size_t i) const override { return ops_[i].kind == Kind::kAnyGet; }

  Json describe(const State& s) const override {
    if (s[0] == kScalar) return ids_.value(s[1]);
    Json list = Json::array();
    for (size_t e = 1; e < s.size(); ++e) list.push_back(ids_.value(s[e]));
    return list;
  }

 private:
  std::vector<KvOp> ops_;
  ValueIds ids_;
  State init_;
};

State encode(const Json& v, ValueIds& ids) {
  if (!v.is_array()) return {kScalar, ids.id(v)};
  State s{kList};
  for (const Json& e : v) s.push_back(ids.id(e));
  return s;
}

}  // namespace

CompileResult compile_kv(const std::vector<CheckOp>& ops, const ModelOptions& options) {
  ValueIds ids;
  State init = encode(options.init, ids);
  std::vector<KvOp> compiled;
  compiled.reserve(ops.size());
  for (const CheckOp& op : ops) {
    const Json& v = op.value();
    const std::string& f = op.f();
    if (f == "get" || f == "read") {
      bool unobserved = !op.ok || (v.is_null() && options.nil_read == NilRead::kUnobserved);
      compiled.push_back({unobserved ? Kind::kAnyGet : Kind::kGet, encode(v, ids)});
    } else if (f == "put" || f == "write") {
      compiled.push_back({Kind::kPut, encode(op.written(), ids)});
    } else if (f == "append") {
      const Json& x = op.written();
      if (x.is_null()) return {nullptr, "append needs an element to append, got null", op.invoke};
      compiled.push_back({Kind::kAppend, {}, ids.id(x)});
    } else {
      return {nullptr,
              "the kv model has no operation '" + f +
                  "' (expected get, put or append; read and write are aliases of get and put)",
              op.invoke};
    }
  }
  return {std::make_unique<KvMachine>(std::move(compiled), std::move(ids), std::move(init)), "",
          nullptr};
}

}  // namespace faultline
