#include "checkers/set_checker.h"

#include <map>
#include <unordered_map>

#include "harness/history/pairing.h"

namespace faultline {
namespace {

constexpr size_t kEvidenceLinesShown = 5;

struct Add {
  size_t invoke = 0;    // positions in History::ops
  size_t complete = 0;  // == invoke when it never completed
  OpType outcome = OpType::kInfo;
};

// An outcome that says more about whether the element went in ranks higher:
// two adds of one element (the workload never makes them) keep the stronger.
int strength(OpType outcome) {
  return outcome == OpType::kOk ? 2 : outcome == OpType::kInfo ? 1 : 0;
}

struct KeyOps {
  std::map<Json, Add> adds;
  size_t attempted = 0;
  const PairedOp* final_read = nullptr;
};

class SetCheck {
 public:
  explicit SetCheck(const History& history) : history_(history) {}

  SetResult run() {
    const std::vector<PairedOp> paired = pair_ops(history_, &result_.notes);
    for (const PairedOp& op : paired) take(op);
    for (const std::string& key : key_order_) {
      result_.keys.push_back(check_key(key, keys_.at(key)));
      result_.verdict = combine(result_.verdict, result_.keys.back().verdict);
    }
    return std::move(result_);
  }

 private:
  int64_t index_of(size_t position) const {
    const int64_t index = history_.ops[position].index;
    return index >= 0 ? index : static_cast<int64_t>(position);
  }

  void note(size_t position, std::string message) {
    const Op& op = history_.ops[position];
    result_.notes.push_back({{history_.source, op.source_line, 0}, std::move(message)});
  }

  KeyOps& key_ops(const std::string& key) {
    auto [it, inserted] = keys_.try_emplace(key);
    if (inserted) key_order_.push_back(key);
    return it->second;
  }

  void take(const PairedOp& op) {
    const Op& invoke = history_.ops[op.invoke];
    const std::string key = invoke.key.value_or("");
    if (invoke.f == "add") {
      take_add(key_ops(key), op, invoke);
    } else if (invoke.f == "read") {
      if (op.outcome != OpType::kOk) return;
      if (!history_.ops[op.complete].value.is_array()) {
        note(op.complete, "an ok read of key '" + key + "' whose value is not a list: ignored");
        return;
      }
      KeyOps& ops = key_ops(key);
      // Paired ops come in invocation order: the last ok read wins.
      ops.final_read = &op;
    } else {
      note(op.invoke, "a set history has add and read, not '" + invoke.f + "': ignored");
    }
  }

  void take_add(KeyOps& ops, const PairedOp& op, const Op& invoke) {
    ++ops.attempted;
    auto [it, inserted] =
        ops.adds.try_emplace(invoke.value, Add{op.invoke, op.complete, op.outcome});
    if (inserted) return;
    note(op.invoke, "element " + invoke.value.dump() + " is added more than once");
    if (strength(op.outcome) > strength(it->second.outcome)) {
      it->second = {op.invoke, op.complete, op.outcome};
    }
  }

  SetElement element(const Json& value, const Add* add) const {
    SetElement e;
    e.element = value;
    if (add == nullptr) return e;
    e.add_invoke_index = index_of(add->invoke);
    e.add_complete_index = add->complete == add->invoke ? -1 : index_of(add->complete);
    e.add_outcome = add->outcome;
    return e;
  }

  SetKeyResult check_key(const std::string& key, const KeyOps& ops) {
    SetKeyResult r;
    r.key = key;
    r.attempted = ops.attempted;
    for (const auto& [value, add] : ops.adds) r.acknowledged += add.outcome == OpType::kOk;
    if (ops.final_read == nullptr) {
      r.verdict = Verdict::kUnknown;
      r.unknown_reason = "no ok read of key '" + key + "': its " + std::to_string(r.attempted) +
                         " adds cannot be checked";
      return r;
    }
    const PairedOp& read = *ops.final_read;
    r.read_invoke_index = index_of(read.invoke);
    r.read_complete_index = index_of(read.complete);
    const Json& seen = history_.ops[read.complete].value;
    r.read_size = seen.size();
    std::map<Json, int> in_read;
    for (const Json& value : seen) {
      if (++in_read[value] == 2) r.duplicated.push_back(element(value, find(ops, value)));
    }
    for (const auto& [value, count] : in_read) {
      const Add* add = find(ops, value);
      // An add invoked after the read ended cannot be in it.
      if (add == nullptr || add->outcome == OpType::kFail || add->invoke > read.complete) {
        r.unexpected.push_back(element(value, add));
      } else if (add->outcome == OpType::kInfo) {
        r.recovered.push_back(element(value, add));
      }
    }
    for (const auto& [value, add] : ops.adds) {
      // Only adds that ended before the read began must be in it.
      const bool must_be_seen = add.outcome == OpType::kOk && add.complete < read.invoke;
      if (must_be_seen && !in_read.count(value)) r.lost.push_back(element(value, &add));
    }
    const bool invalid = !r.lost.empty() || !r.unexpected.empty() || !r.duplicated.empty();
    r.verdict = invalid ? Verdict::kInvalid : Verdict::kValid;
    return r;
  }

  static const Add* find(const KeyOps& ops, const Json& value) {
    auto it = ops.adds.find(value);
    return it == ops.adds.end() ? nullptr : &it->second;
  }

  const History& history_;
  SetResult result_;
  std::unordered_map<std::string, KeyOps> keys_;
  std::vector<std::string> key_order_;
};

Json element_json(const std::string& key, const SetElement& e) {
  Json out{{"key", key}, {"element", e.element}};
  if (e.add_invoke_index < 0) return out;
  out["add_invoke_index"] = e.add_invoke_index;
  if (e.add_complete_index >= 0) out["add_complete_index"] = e.add_complete_index;
  out["add_type"] = to_string(e.add_outcome);
  return out;
}

struct Totals {
  size_t attempted = 0, acknowledged = 0, lost = 0, unexpected = 0, duplicated = 0, recovered = 0,
         unknown = 0;
};

Totals totals(const SetResult& result) {
  Totals t;
  for (const SetKeyResult& k : result.keys) {
    t.attempted += k.attempted;
    t.acknowledged += k.acknowledged;
    t.lost += k.lost.size();
    t.unexpected += k.unexpected.size();
    t.duplicated += k.duplicated.size();
    t.recovered += k.recovered.size();
    t.unknown += k.verdict == Verdict::kUnknown;
  }
  return t;
}

std::string verdict_word(Verdict v) {
  return v == Verdict::kInvalid ? "INVALID" : std::string(to_string(v));
}

std::string add_story(const SetElement& e) {
  if (e.add_invoke_index < 0) return "never added";
  std::string story = "add invoked at index " + std::to_string(e.add_invoke_index);
  if (e.add_complete_index < 0) return story + ", never completed";
  return story + ", " + std::string(to_string(e.add_outcome)) + " at index " +
         std::to_string(e.add_complete_index);
}

void evidence_lines(const SetKeyResult& k, std::vector<std::string>& lines) {
  const std::string read = "the final read (index " + std::to_string(k.read_invoke_index) + ".." +
                           std::to_string(k.read_complete_index) + ")";
  for (const SetElement& e : k.lost) {
    lines.push_back("lost on key " + k.key + ": " + e.element.dump() + " (" + add_story(e) + "; " +
                    read + " lacks it)");
  }
  for (const SetElement& e : k.unexpected) {
    lines.push_back("unexpected on key " + k.key + ": " + e.element.dump() + " (" + add_story(e) +
                    "; " + read + " has it)");
  }
  for (const SetElement& e : k.duplicated) {
    lines.push_back("duplicated on key " + k.key + ": " + e.element.dump() + " (" + read +
                    " lists it more than once)");
  }
  if (k.verdict == Verdict::kUnknown) lines.push_back("unknown: " + k.unknown_reason);
}

}  // namespace

SetResult check_set(const History& history) { return SetCheck(history).run(); }

Json to_json(const SetResult& result) {
  const Totals t = totals(result);
  Json out{{"valid", to_json(result.verdict)},
           {"keys", result.keys.size()},
           {"attempted", t.attempted},
           {"acknowledged", t.acknowledged},
           {"lost_count", t.lost},
           {"unexpected_count", t.unexpected},
           {"duplicated_count", t.duplicated},
           {"recovered_count", t.recovered}};
  Json lost = Json::array(), unexpected = Json::array(), duplicated = Json::array(),
       recovered = Json::array(), unknown = Json::array();
  for (const SetKeyResult& k : result.keys) {
    for (const SetElement& e : k.lost) lost.push_back(element_json(k.key, e));
    for (const SetElement& e : k.unexpected) unexpected.push_back(element_json(k.key, e));
    for (const SetElement& e : k.duplicated) duplicated.push_back(element_json(k.key, e));
    for (const SetElement& e : k.recovered) recovered.push_back(element_json(k.key, e));
    if (k.verdict == Verdict::kUnknown)
      unknown.push_back({{"key", k.key}, {"reason", k.unknown_reason}});
  }
  out["lost"] = std::move(lost);
  out["unexpected"] = std::move(unexpected);
  out["duplicated"] = std::move(duplicated);
  out["recovered"] = std::move(recovered);
  out["unknown_keys"] = std::move(unknown);
  Json notes = Json::array();
  for (const HistoryNote& n : result.notes)
    notes.push_back(format_location(n.where) + ": " + n.message);
  out["notes"] = std::move(notes);
  return out;
}

std::string set_summary(const SetResult& result) {
  const Totals t = totals(result);
  std::string out = "set: " + verdict_word(result.verdict) + "  (" +
                    std::to_string(result.keys.size()) + " keys, " + std::to_string(t.attempted) +
                    " adds, " + std::to_string(t.acknowledged) + " ok; " + std::to_string(t.lost) +
                    " lost, " + std::to_string(t.unexpected) + " unexpected, " +
                    std::to_string(t.duplicated) + " duplicated, " + std::to_string(t.recovered) +
                    " recovered)";
  std::vector<std::string> lines;
  for (const SetKeyResult& k : result.keys) evidence_lines(k, lines);
  for (size_t i = 0; i < lines.size() && i < kEvidenceLinesShown; ++i) out += "\n  " + lines[i];
  if (lines.size() > kEvidenceLinesShown) {
    out += "\n  ... and " + std::to_string(lines.size() - kEvidenceLinesShown) + " more";
  }
  return out;
}

}  // namespace faultline
