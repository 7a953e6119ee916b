#include "tests/support/reference_check.h"

#include <map>
#include <optional>
#include <set>
#include <vector>

namespace faultline::testing {
namespace {

struct RefOp {
  std::string f;
  std::string key;
  Json value;             // read: what it saw; update: what it writes
  bool ok = false;        // false: indeterminate
  size_t call = 0;        // position of the invocation
  size_t ret = SIZE_MAX;  // position of the completion, when ok
};

// Invocation i pairs with the next completion of the same process. What an
// update writes: for register and cas-register, an ok op's completion value
// (as faultline's register model reads it); for kv and kv-string the
// invocation's value, or the completion's when the invocation has none.
std::vector<RefOp> pair_by_process(const History& h, const std::string& model) {
  std::vector<RefOp> out;
  std::map<int64_t, size_t> open;  // process -> index in h.ops
  std::vector<std::optional<size_t>> completion(h.ops.size());
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const Op& op = h.ops[i];
    if (op.type == OpType::kInvoke) {
      open[op.process] = i;
    } else if (auto it = open.find(op.process); it != open.end()) {
      completion[it->second] = i;
      open.erase(it);
    }
  }
  for (size_t i = 0; i < h.ops.size(); ++i) {
    const Op& inv = h.ops[i];
    if (inv.type != OpType::kInvoke) continue;
    const Op* done = completion[i] ? &h.ops[*completion[i]] : nullptr;
    if (done && done->type == OpType::kFail) continue;
    RefOp r;
    r.f = inv.f;
    r.key = inv.key.value_or("");
    r.ok = done && done->type == OpType::kOk;
    const bool reads = r.f == "read" || r.f == "get";
    const bool register_model = model == "register" || model == "cas-register";
    if (reads)
      r.value = r.ok ? done->value : Json();
    else if (register_model)
      r.value = r.ok ? done->value : inv.value;
    else
      r.value = inv.value.is_null() && done ? done->value : inv.value;
    r.call = i;
    if (r.ok) r.ret = *completion[i];
    out.push_back(std::move(r));
  }
  return out;
}

// The sequential models: the state after op, or nothing when op cannot happen.
std::optional<Json> apply(const std::string& model, const Json& state, const RefOp& op) {
  const bool reads = op.f == "read" || op.f == "get";
  if (model == "register" || model == "cas-register") {
    if (reads) return !op.ok || state == op.value ? std::optional<Json>(state) : std::nullopt;
    if (op.f == "write") return op.value;
    if (op.f == "cas" && op.value.is_array() && op.value.size() == 2) {
      if (state != op.value[0]) return std::nullopt;
      return op.value[1];
    }
    return std::nullopt;
  }
  Json next = state;
  const bool strings = model == "kv-string";
  Json current = state.contains(op.key) ? state[op.key] : (strings ? Json("") : Json());
  if (reads) {
    if (!op.ok) return next;
    Json seen = strings && op.value.is_null() ? Json("") : op.value;
    return seen == current ? std::optional<Json>(next) : std::nullopt;
  }
  if (op.f == "put" || op.f == "write") {
    next[op.key] = op.value;
  } else if (op.f == "append" && strings) {
    next[op.key] = current.get<std::string>() + op.value.get<std::string>();
  } else if (op.f == "append") {
    if (current.is_null())
      current = Json::array();
    else if (!current.is_array())
      current = Json::array({current});
    current.push_back(op.value);
    next[op.key] = current;
  } else {
    return std::nullopt;
  }
  return next;
}

class Search {
 public:
  Search(const std::string& model, std::vector<RefOp> ops) : model_(model), ops_(std::move(ops)) {}

  bool linearizable(const Json& state, std::vector<bool>& done) {
    bool all_ok_done = true;
    for (size_t i = 0; i < ops_.size(); ++i) all_ok_done = all_ok_done && (done[i] || !ops_[i].ok);
    if (all_ok_done) return true;
    if (!seen_.insert({done, state.dump()}).second) return false;
    for (size_t i = 0; i < ops_.size(); ++i) {
      if (done[i] || !may_go_next(i, done)) continue;
      std::optional<Json> next = apply(model_, state, ops_[i]);
      if (!next) continue;
      done[i] = true;
      const bool found = linearizable(*next, done);
      done[i] = false;
      if (found) return true;
    }
    return false;
  }

 private:
  // No op still to go completed (ok) before op i was invoked.
  bool may_go_next(size_t i, const std::vector<bool>& done) const {
    for (size_t j = 0; j < ops_.size(); ++j)
      if (!done[j] && ops_[j].ok && ops_[j].ret < ops_[i].call) return false;
    return true;
  }

  std::string model_;
  std::vector<RefOp> ops_;
  std::set<std::pair<std::vector<bool>, std::string>> seen_;
};

}  // namespace

Verdict reference_check(const History& history, const std::string& model, const Json& init) {
  static const std::set<std::string> kModels = {"register", "cas-register", "kv", "kv-string"};
  if (!kModels.count(model)) return Verdict::kUnknown;
  std::vector<RefOp> ops = pair_by_process(history, model);
  Json state = init;
  if (model == "kv" || model == "kv-string") {
    state = Json::object();
    if (!init.is_null()) {
      for (const RefOp& op : ops) state[op.key] = init;
    }
  }
  std::vector<bool> done(ops.size(), false);
  Search search(model, std::move(ops));
  return search.linearizable(state, done) ? Verdict::kValid : Verdict::kInvalid;
}

}  // namespace faultline::testing
