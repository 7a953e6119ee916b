// multi-register: transactions of reads and writes over named registers.
#include "checkers/models/multi_register.h"

#include <map>
#include <optional>

#include "checkers/value_ids.h"

namespace faultline {
namespace {

struct Micro {
  bool write = false;
  int32_t reg = 0;    // index into the state
  int64_t value = 0;  // value id
};

struct Txn {
  std::vector<Micro> micros;  // only those that matter: unobserved reads are dropped
};

class MultiRegisterMachine : public Machine {
 public:
  MultiRegisterMachine(std::vector<Txn> txns, std::vector<std::string> names, ValueIds ids,
                       State init)
      : txns_(std::move(txns)), names_(std::move(names)), ids_(std::move(ids)),
        init_(std::move(init)) {}

  State initial() const override { return init_; }

  bool step(const State& s, size_t i, State& out) const override {
    out = s;
    for (const Micro& m : txns_[i].micros) {
      if (m.write) {
        out[m.reg] = m.value;
      } else if (out[m.reg] != m.value) {
        return false;
      }
    }
    return true;
  }

  bool is_identity(size_t i) const override { return txns_[i].micros.empty(); }

  Json describe(const State& s) const override {
    Json out = Json::object();
    for (size_t r = 0; r < names_.size(); ++r) out[names_[r]] = ids_.value(s[r]);
    return out;
  }

 private:
  std::vector<Txn> txns_;
  std::vector<std::string> names_;
  ValueIds ids_;
  State init_;
};

// A register's name: strings as they are, numbers as their JSON text. Null if malformed.
std::optional<std::string> register_name(const Json& k) {
  if (k.is_string()) return k.get<std::string>();
  if (k.is_number()) return k.dump();
  return std::nullopt;
}

// Checks the shape of a txn value; an empty string when it is well formed.
std::string malformed(const Json& v) {
  if (!v.is_array()) return "a txn needs a list of micro-ops, got " + v.dump();
  for (const Json& m : v) {
    if (!m.is_array() || m.size() != 3 || !m[0].is_string() ||
        (m[0] != "read" && m[0] != "write")) {
      return "a txn micro-op must be [\"read\", k, v] or [\"write\", k, v], got " + m.dump();
    }
    if (!register_name(m[1])) {
      return "a register name must be a string or a number, got " + m[1].dump();
    }
  }
  return "";
}

const Op* value_op(const CheckOp& op) { return op.ok && op.complete ? op.complete : op.invoke; }

}  // namespace

CompileResult compile_multi_register(const std::vector<CheckOp>& ops,
                                     const ModelOptions& options) {
  // Pass 1: check every op and learn the registers' names.
  std::map<std::string, int32_t> regs;  // ordered by name
  for (const CheckOp& op : ops) {
    if (op.f() != "txn") {
      return {nullptr,
              "the multi-register model has no operation '" + op.f() + "' (expected txn)",
              op.invoke};
    }
    if (std::string why = malformed(op.value()); !why.empty()) return {nullptr, why, value_op(op)};
    for (const Json& m : op.value()) regs.emplace(*register_name(m[1]), 0);
  }
  const Json& init = options.init;
  if (init.is_array()) {
    return {nullptr, "multi-register init must be an object, a scalar or null, got " + init.dump(),
            nullptr};
  }
  ValueIds ids;
  std::vector<std::string> names;
  State initial;
  for (auto& [name, index] : regs) {
    index = static_cast<int32_t>(names.size());
    names.push_back(name);
    if (!init.is_object()) {
      initial.push_back(ids.id(init));
    } else {
      auto it = init.find(name);
      initial.push_back(it == init.end() ? ValueIds::kNil : ids.id(*it));
    }
  }
  // Pass 2: compile.
  std::vector<Txn> txns;
  txns.reserve(ops.size());
  for (const CheckOp& op : ops) {
    Txn txn;
    for (const Json& m : op.value()) {
      const bool write = m[0] == "write";
      const Json& v = m[2];
      if (!write && (!op.ok || (v.is_null() && options.nil_read == NilRead::kUnobserved))) {
        continue;  // a read that says nothing
      }
      txn.micros.push_back({write, regs.at(*register_name(m[1])), ids.id(v)});
    }
    txns.push_back(std::move(txn));
  }
  return {std::make_unique<MultiRegisterMachine>(std::move(txns), std::move(names),
                                                 std::move(ids), std::move(initial)),
          "", nullptr};
}

}  // namespace faultline
