// set: add an element; read the whole set.
#include "checkers/models/set.h"

#include <algorithm>
#include <unordered_set>

#include "checkers/value_ids.h"

namespace faultline {
namespace {

enum class Kind : uint8_t { kAdd, kRead, kAnyRead, kImpossible };

struct SetOp {
  Kind kind;
  State elements;         // add: one element; read: the sorted elements it saw
  bool leavable = false;  // an indeterminate add the search may leave out
};

class SetMachine : public Machine {
 public:
  SetMachine(std::vector<SetOp> ops, ValueIds ids, State init)
      : ops_(std::move(ops)), ids_(std::move(ids)), init_(std::move(init)) {}

  State initial() const override { return init_; }

  bool step(const State& s, size_t i, State& out) const override {
    const SetOp& op = ops_[i];
    switch (op.kind) {
      case Kind::kAnyRead: out = s; return true;
      case Kind::kRead: out = s; return s == op.elements;
      case Kind::kImpossible: return false;
      case Kind::kAdd: {
        out = s;
        const int64_t e = op.elements[0];
        auto it = std::lower_bound(out.begin(), out.end(), e);
        if (it == out.end() || *it != e) out.insert(it, e);
        return true;
      }
    }
    return false;
  }

  bool is_identity(size_t i) const override { return ops_[i].kind == Kind::kAnyRead; }
  bool can_leave_out(size_t i) const override { return is_identity(i) || ops_[i].leavable; }

  Json describe(const State& s) const override {
    Json out = Json::array();
    for (int64_t e : s) out.push_back(ids_.value(e));
    return out;
  }

 private:
  std::vector<SetOp> ops_;
  ValueIds ids_;
  State init_;
};

// The sorted ids of an array's elements; `repeats` tells whether any element came twice.
State sorted_ids(const Json& array, ValueIds& ids, bool& repeats) {
  State out;
  for (const Json& e : array) out.push_back(ids.id(e));
  std::sort(out.begin(), out.end());
  auto end = std::unique(out.begin(), out.end());
  repeats = end != out.end();
  out.erase(end, out.end());
  return out;
}

// An indeterminate add of an element no ok read contains can only make later reads
// impossible, so the search may take it as never having happened.
void mark_leavable(std::vector<SetOp>& compiled, const std::vector<CheckOp>& ops) {
  std::unordered_set<int64_t> seen;
  for (const SetOp& op : compiled) {
    if (op.kind == Kind::kRead) seen.insert(op.elements.begin(), op.elements.end());
  }
  for (size_t i = 0; i < compiled.size(); ++i) {
    compiled[i].leavable =
        !ops[i].ok && compiled[i].kind == Kind::kAdd && !seen.count(compiled[i].elements[0]);
  }
}

}  // namespace

CompileResult compile_set(const std::vector<CheckOp>& ops, const ModelOptions& options) {
  ValueIds ids;
  if (!options.init.is_null() && !options.init.is_array()) {
    return {nullptr, "set init must be an array of elements or null, got " + options.init.dump(),
            nullptr};
  }
  bool repeats = false;
  State init = sorted_ids(options.init, ids, repeats);  // null iterates as empty
  std::vector<SetOp> compiled;
  compiled.reserve(ops.size());
  for (const CheckOp& op : ops) {
    const Json& v = op.value();
    if (op.f() == "add") {
      const Json& x = op.written();
      if (x.is_null()) return {nullptr, "add needs an element to add, got null", op.invoke};
      compiled.push_back({Kind::kAdd, {ids.id(x)}});
    } else if (op.f() == "read") {
      if (!op.ok || (v.is_null() && options.nil_read == NilRead::kUnobserved)) {
        compiled.push_back({Kind::kAnyRead, {}});
      } else if (!v.is_null() && !v.is_array()) {
        return {nullptr, "a set read needs an array of elements, got " + v.dump(),
                op.complete ? op.complete : op.invoke};
      } else {
        State seen = sorted_ids(v, ids, repeats);
        compiled.push_back({repeats ? Kind::kImpossible : Kind::kRead, std::move(seen)});
      }
    } else {
      return {nullptr, "the set model has no operation '" + op.f() + "' (expected add or read)",
              op.invoke};
    }
  }
  mark_leavable(compiled, ops);
  return {std::make_unique<SetMachine>(std::move(compiled), std::move(ids), std::move(init)), "",
          nullptr};
}

}  // namespace faultline
