// kv-string: get, put and string-concatenating append on the value of one key.
#include "checkers/models/kv_string.h"

#include <algorithm>

namespace faultline {
namespace {

constexpr int64_t kDead = -1;  // a string no get reads before the next put

enum class Kind : uint8_t { kGet, kAnyGet, kPut, kAppend };

struct KvStringOp {
  Kind kind;
  std::string text;  // get: the value read; put: the value written; append: the suffix
};

// The values gets read (and those put, and the initial one), sorted and
// unique, with "" among them; a string is named by the first of them it is a
// prefix of.
class KnownValues {
 public:
  explicit KnownValues(std::vector<std::string> values) : values_(std::move(values)) {
    values_.emplace_back();
    std::sort(values_.begin(), values_.end());
    values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
  }
  // [r, |s|] when s is a prefix of known value r (the first such), else dead.
  State name(const std::string& s) const {
    auto it = std::lower_bound(values_.begin(), values_.end(), s);
    if (it == values_.end() || it->compare(0, s.size(), s) != 0) return {kDead, 0};
    return {it - values_.begin(), static_cast<int64_t>(s.size())};
  }
  std::string text(const State& s) const {
    return values_[static_cast<size_t>(s[0])].substr(0, static_cast<size_t>(s[1]));
  }

 private:
  std::vector<std::string> values_;
};

class KvStringMachine : public Machine {
 public:
  KvStringMachine(std::vector<KvStringOp> ops, KnownValues reads, const std::string& init)
      : ops_(std::move(ops)), reads_(std::move(reads)), init_(reads_.name(init)) {}

  State initial() const override { return init_; }

  bool step(const State& s, size_t i, State& out) const override {
    const KvStringOp& op = ops_[i];
    switch (op.kind) {
      case Kind::kAnyGet:
        out = s;
        return true;
      case Kind::kGet:
        out = s;
        return s[0] != kDead && reads_.text(s) == op.text;
      case Kind::kPut:
        out = reads_.name(op.text);
        return true;
      case Kind::kAppend:
        out = s[0] == kDead ? s : reads_.name(reads_.text(s) + op.text);
        return true;
    }
    return false;
  }

  bool is_identity(size_t i) const override { return ops_[i].kind == Kind::kAnyGet; }

  Json describe(const State& s) const override {
    if (s[0] == kDead) return "(a string no get read, nor any start of one)";
    return reads_.text(s);
  }

 private:
  std::vector<KvStringOp> ops_;
  KnownValues reads_;
  State init_;
};

CompileResult not_a_string(const std::string& what, const Json& v, const Op* at) {
  return {nullptr, "the kv-string model needs " + what + " to be a string, got " + v.dump(), at};
}

}  // namespace

CompileResult compile_kv_string(const std::vector<CheckOp>& ops, const ModelOptions& options) {
  if (!options.init.is_null() && !options.init.is_string())
    return not_a_string("the initial value", options.init, nullptr);
  std::vector<KvStringOp> compiled;
  std::vector<std::string> known;  // the values gets read, and those put
  compiled.reserve(ops.size());
  for (const CheckOp& op : ops) {
    const std::string& f = op.f();
    if (f == "get" || f == "read") {
      const Json& v = op.value();
      if (!op.ok || (v.is_null() && options.nil_read == NilRead::kUnobserved)) {
        compiled.push_back({Kind::kAnyGet, ""});
        continue;
      }
      if (!v.is_null() && !v.is_string()) return not_a_string("a get's value", v, op.complete);
      compiled.push_back({Kind::kGet, v.is_null() ? "" : v.get<std::string>()});
      known.push_back(compiled.back().text);
    } else if (f == "put" || f == "write" || f == "append") {
      const Json& v = op.written();
      if (!v.is_string()) return not_a_string("the value of " + f, v, op.invoke);
      compiled.push_back({f == "append" ? Kind::kAppend : Kind::kPut, v.get<std::string>()});
      // Known too, so that a state after a put reads as its value in the evidence.
      if (compiled.back().kind == Kind::kPut) known.push_back(compiled.back().text);
    } else {
      return {nullptr,
              "the kv-string model has no operation '" + f +
                  "' (expected get, put or append; read and write are aliases of get and put)",
              op.invoke};
    }
  }
  const std::string init = options.init.is_string() ? options.init.get<std::string>() : "";
  known.push_back(init);
  return {
      std::make_unique<KvStringMachine>(std::move(compiled), KnownValues(std::move(known)), init),
      "", nullptr};
}

}  // namespace faultline
