#include "checkers/counter_checker.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <unordered_map>

#include "harness/history/pairing.h"

namespace faultline {
namespace {

constexpr size_t kEvidenceLinesShown = 5;

// A running sum over history positions: sum_before(p) is the total of the
// deltas recorded at positions < p. Positions are added in increasing order
// or sorted before use.
class PrefixSums {
 public:
  void add(size_t position, int64_t delta) { events_.push_back({position, delta}); }
  void seal() {
    std::sort(events_.begin(), events_.end());
    int64_t sum = 0;
    for (auto& [position, delta] : events_) delta = sum += delta;
  }
  int64_t sum_before(size_t position) const {
    auto it = std::lower_bound(events_.begin(), events_.end(),
                               std::pair<size_t, int64_t>{position, INT64_MIN});
    return it == events_.begin() ? 0 : std::prev(it)->second;
  }

 private:
  std::vector<std::pair<size_t, int64_t>> events_;
};

struct KeyOps {
  PrefixSums ok_completions;  // ok adds, at their completion: the lower bound
  PrefixSums maybe_invokes;   // ok and info adds, at their invocation: the upper bound
  std::vector<const PairedOp*> reads;
  size_t adds = 0;
  std::string unknown_reason;
};

class CounterCheck {
 public:
  explicit CounterCheck(const History& history) : history_(history) {}

  CounterResult run() {
    const std::vector<PairedOp> paired = pair_ops(history_, &result_.notes);
    for (const PairedOp& op : paired) take(op);
    for (const std::string& key : key_order_) check_key(key, keys_.at(key));
    std::sort(
        result_.out_of_bounds.begin(), result_.out_of_bounds.end(),
        [](const CounterRead& a, const CounterRead& b) { return a.invoke_index < b.invoke_index; });
    return std::move(result_);
  }

 private:
  int64_t index_of(size_t position) const {
    const int64_t index = history_.ops[position].index;
    return index >= 0 ? index : static_cast<int64_t>(position);
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
      if (op.outcome == OpType::kOk) key_ops(key).reads.push_back(&op);
    } else {
      const Op& where = history_.ops[op.invoke];
      result_.notes.push_back(
          {{history_.source, where.source_line, 0},
           "a counter history has add and read, not '" + invoke.f + "': ignored"});
    }
  }

  void take_add(KeyOps& ops, const PairedOp& op, const Op& invoke) {
    ++ops.adds;
    if (op.outcome == OpType::kFail) return;
    if (!invoke.value.is_number_integer() || invoke.value.get<int64_t>() <= 0) {
      // A negative or unknown delta would make both bounds meaningless.
      if (ops.unknown_reason.empty()) {
        ops.unknown_reason = "an add at index " + std::to_string(index_of(op.invoke)) + " adds " +
                             invoke.value.dump() + ", not a positive integer";
      }
      return;
    }
    const int64_t delta = invoke.value.get<int64_t>();
    ops.maybe_invokes.add(op.invoke, delta);
    if (op.outcome == OpType::kOk) ops.ok_completions.add(op.complete, delta);
  }

  void check_key(const std::string& key, KeyOps& ops) {
    CounterKeyResult r{key, Verdict::kValid, ops.unknown_reason, ops.adds, ops.reads.size()};
    if (!r.unknown_reason.empty()) {
      r.verdict = Verdict::kUnknown;
    } else {
      ops.ok_completions.seal();
      ops.maybe_invokes.seal();
      for (const PairedOp* read : ops.reads) {
        if (!check_read(key, ops, *read)) r.verdict = Verdict::kInvalid;
      }
    }
    result_.verdict = combine(result_.verdict, r.verdict);
    result_.keys.push_back(std::move(r));
  }

  // False (and the read recorded as evidence) when it is out of bounds.
  bool check_read(const std::string& key, const KeyOps& ops, const PairedOp& read) {
    CounterRead r{key,
                  history_.ops[read.complete].value,
                  index_of(read.invoke),
                  index_of(read.complete),
                  ops.ok_completions.sum_before(read.invoke),
                  ops.maybe_invokes.sum_before(read.complete)};
    if (r.value.is_number_integer()) {
      const int64_t seen = r.value.get<int64_t>();
      if (seen >= r.lower && seen <= r.upper) return true;
    }
    result_.out_of_bounds.push_back(std::move(r));
    return false;
  }

  const History& history_;
  CounterResult result_;
  std::unordered_map<std::string, KeyOps> keys_;
  std::vector<std::string> key_order_;
};

std::string read_line(const CounterRead& r) {
  return "key " + r.key + ": read " + r.value.dump() + " (index " + std::to_string(r.invoke_index) +
         ".." + std::to_string(r.complete_index) + ") outside [" + std::to_string(r.lower) + ", " +
         std::to_string(r.upper) + "]";
}

}  // namespace

CounterResult check_counter(const History& history) { return CounterCheck(history).run(); }

Json to_json(const CounterResult& result) {
  size_t adds = 0, reads = 0;
  Json unknown = Json::array();
  for (const CounterKeyResult& k : result.keys) {
    adds += k.adds;
    reads += k.reads;
    if (k.verdict == Verdict::kUnknown)
      unknown.push_back({{"key", k.key}, {"reason", k.unknown_reason}});
  }
  Json bad = Json::array();
  for (const CounterRead& r : result.out_of_bounds) {
    bad.push_back({{"key", r.key},
                   {"value", r.value},
                   {"invoke_index", r.invoke_index},
                   {"complete_index", r.complete_index},
                   {"lower", r.lower},
                   {"upper", r.upper}});
  }
  Json notes = Json::array();
  for (const HistoryNote& n : result.notes)
    notes.push_back(format_location(n.where) + ": " + n.message);
  return {{"valid", to_json(result.verdict)},
          {"keys", result.keys.size()},
          {"adds", adds},
          {"reads", reads},
          {"out_of_bounds_count", result.out_of_bounds.size()},
          {"out_of_bounds", std::move(bad)},
          {"unknown_keys", std::move(unknown)},
          {"notes", std::move(notes)}};
}

std::string counter_summary(const CounterResult& result) {
  size_t adds = 0, reads = 0;
  std::vector<std::string> lines;
  for (const CounterRead& r : result.out_of_bounds) lines.push_back(read_line(r));
  for (const CounterKeyResult& k : result.keys) {
    adds += k.adds;
    reads += k.reads;
    if (k.verdict == Verdict::kUnknown)
      lines.push_back("unknown: key " + k.key + ": " + k.unknown_reason);
  }
  const std::string word =
      result.verdict == Verdict::kInvalid ? "INVALID" : std::string(to_string(result.verdict));
  std::string out = "counter: " + word + "  (" + std::to_string(result.keys.size()) + " keys, " +
                    std::to_string(adds) + " adds, " + std::to_string(reads) + " ok reads; " +
                    std::to_string(result.out_of_bounds.size()) + " out of bounds)";
  for (size_t i = 0; i < lines.size() && i < kEvidenceLinesShown; ++i) out += "\n  " + lines[i];
  if (lines.size() > kEvidenceLinesShown) {
    out += "\n  ... and " + std::to_string(lines.size() - kEvidenceLinesShown) + " more";
  }
  return out;
}

}  // namespace faultline
