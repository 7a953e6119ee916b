#include "checkers/wgl.h"

#include <algorithm>
#include <unordered_map>

#include "checkers/memo_set.h"
#include "checkers/state_space.h"

namespace faultline {
namespace {

constexpr size_t kTailLength = 8;
constexpr size_t kMaxConcurrent = 10;
constexpr size_t kMaxStates = 16;

// One call or return event; calls and returns form a doubly linked list in
// history order, from which linearized calls are lifted (with their returns).
struct Event {
  uint32_t op;
  bool is_call;
  int64_t match;  // for a call: its return's event index, or -1 (indeterminate)
  size_t position;
};

struct Frame {
  uint32_t event;       // the lifted call
  uint32_t prev_state;  // state before it took effect
};

class Search {
 public:
  Search(const Machine& machine, const std::vector<CheckOp>& ops, const SearchLimits& limits)
      : ops_(ops), limits_(limits), space_(machine), machine_(machine) {
    build_events();
  }
  ~Search() { hold(0); }
  SearchResult run();

 private:
  void build_events();
  void lift(uint32_t call);
  void unlift(uint32_t call);
  void note_failure(uint32_t ret, uint32_t state);
  bool out_of_limits(SearchResult& result);
  size_t bytes_in_use() const;
  bool hold(size_t bytes);
  void fill_evidence(SearchResult& result) const;

  const std::vector<CheckOp>& ops_;
  const SearchLimits& limits_;
  StateSpace space_;
  const Machine& machine_;
  MemoSet memo_;
  std::vector<Event> events_;
  std::vector<uint32_t> next_, prev_;  // list links; head = size, tail = size + 1
  uint32_t head_ = 0, tail_ = 0;
  std::vector<Frame> stack_;
  size_t remaining_ok_ = 0;
  // Symmetry: identical indeterminate ops are interchangeable (no return
  // bounds them), so one may take effect only after every identical one
  // invoked before it has. -1: no earlier twin.
  std::vector<int64_t> earlier_twin_;
  std::vector<bool> linearized_;
  size_t fixed_bytes_ = 0;  // what the events and per-op tables hold
  int64_t held_bytes_ = 0;  // reserved in limits_.memory
  size_t peak_bytes_ = 0;
  uint64_t limit_checks_ = 0;

  // The furthest failure point reached, for the evidence.
  size_t best_position_ = 0;
  bool have_failure_ = false;
  uint32_t failed_op_ = 0;
  std::vector<uint32_t> concurrent_, tail_ops_, tail_states_, failure_states_;
  size_t linearized_count_ = 0;
};

void Search::build_events() {
  earlier_twin_.assign(ops_.size(), -1);
  linearized_.assign(ops_.size(), false);
  std::unordered_map<std::string, int64_t> last_of_kind;
  for (uint32_t i = 0; i < ops_.size(); ++i) {
    if (ops_[i].ok || machine_.can_leave_out(i)) continue;
    int64_t& last = last_of_kind[ops_[i].f() + '\0' + ops_[i].value().dump()];
    earlier_twin_[i] = last - 1;
    last = i + 1;
  }
  for (uint32_t i = 0; i < ops_.size(); ++i) {
    if (machine_.can_leave_out(i)) continue;
    events_.push_back({i, true, -1, ops_[i].call_position});
    if (ops_[i].ok) {
      events_.push_back({i, false, -1, ops_[i].return_position});
      ++remaining_ok_;
    }
  }
  std::sort(events_.begin(), events_.end(),
            [](const Event& a, const Event& b) { return a.position < b.position; });
  std::vector<int64_t> call_of(ops_.size(), -1);
  for (size_t e = 0; e < events_.size(); ++e) {
    if (events_[e].is_call) call_of[events_[e].op] = static_cast<int64_t>(e);
    else events_[call_of[events_[e].op]].match = static_cast<int64_t>(e);
  }
  const uint32_t n = static_cast<uint32_t>(events_.size());
  head_ = n;
  tail_ = n + 1;
  next_.resize(n + 2);
  prev_.resize(n + 2);
  for (uint32_t e = 0; e < n; ++e) {
    next_[e] = e + 1 == n ? tail_ : e + 1;
    prev_[e] = e == 0 ? head_ : e - 1;
  }
  next_[head_] = n == 0 ? tail_ : 0;
  prev_[tail_] = n == 0 ? head_ : n - 1;
  fixed_bytes_ = events_.capacity() * sizeof(Event) + 2 * next_.capacity() * sizeof(uint32_t) +
                 earlier_twin_.capacity() * sizeof(int64_t) + linearized_.capacity() / 8 +
                 ops_.size() * sizeof(CheckOp);
}

void Search::lift(uint32_t call) {
  auto unlink = [&](uint32_t e) {
    next_[prev_[e]] = next_[e];
    prev_[next_[e]] = prev_[e];
  };
  unlink(call);
  if (events_[call].match >= 0) unlink(static_cast<uint32_t>(events_[call].match));
}

void Search::unlift(uint32_t call) {
  auto relink = [&](uint32_t e) {
    next_[prev_[e]] = e;
    prev_[next_[e]] = e;
  };
  if (events_[call].match >= 0) relink(static_cast<uint32_t>(events_[call].match));
  relink(call);
}

void Search::note_failure(uint32_t ret, uint32_t state) {
  const size_t position = events_[ret].position;
  if (have_failure_ && position < best_position_) return;
  if (have_failure_ && position == best_position_) {
    if (failure_states_.size() < kMaxStates &&
        std::find(failure_states_.begin(), failure_states_.end(), state) == failure_states_.end())
      failure_states_.push_back(state);
    return;
  }
  have_failure_ = true;
  best_position_ = position;
  failed_op_ = events_[ret].op;
  failure_states_ = {state};
  linearized_count_ = stack_.size();
  concurrent_.clear();
  for (uint32_t e = next_[head_]; e != ret && concurrent_.size() < kMaxConcurrent; e = next_[e]) {
    if (events_[e].is_call && events_[e].op != failed_op_) concurrent_.push_back(events_[e].op);
  }
  tail_ops_.clear();
  tail_states_.clear();
  size_t from = stack_.size() > kTailLength ? stack_.size() - kTailLength : 0;
  for (size_t k = from; k < stack_.size(); ++k) {
    tail_ops_.push_back(events_[stack_[k].event].op);
    tail_states_.push_back(k + 1 < stack_.size() ? stack_[k + 1].prev_state : state);
  }
}

size_t Search::bytes_in_use() const {
  return memo_.bytes() + space_.bytes() + stack_.capacity() * sizeof(Frame) + fixed_bytes_;
}

// Reserves (or gives back) budget so that this search holds `bytes`; false
// when the budget has no room for them.
bool Search::hold(size_t bytes) {
  const int64_t want = static_cast<int64_t>(bytes);
  if (limits_.memory) {
    if (want > held_bytes_ && !limits_.memory->reserve(want - held_bytes_)) return false;
    if (want < held_bytes_) limits_.memory->release(held_bytes_ - want);
    held_bytes_ = want;
  }
  peak_bytes_ = std::max(peak_bytes_, bytes);
  return true;
}

bool Search::out_of_limits(SearchResult& result) {
  // Reading the resident size costs a system call: every 16th check (16K steps).
  constexpr uint64_t kResidentCheckEvery = 16;
  const bool over_budget = !hold(bytes_in_use()) ||
                           (limits_.memory && limit_checks_++ % kResidentCheckEvery == 0 &&
                            limits_.memory->resident_over_limit());
  if (over_budget) {
    result.unknown_reason = "memory limit";
  } else if (std::chrono::steady_clock::now() > limits_.deadline) {
    result.unknown_reason = "time limit";
  } else if (limits_.cancel && limits_.cancel->load()) {
    result.unknown_reason = "cancelled";
  } else {
    return false;
  }
  return true;
}

SearchResult Search::run() {
  SearchResult result;
  for (uint32_t i = 0; i < ops_.size(); ++i) {
    if (ops_[i].ok && !machine_.can_leave_out(i) && machine_.never_possible(i)) {
      result.verdict = Verdict::kInvalid;
      result.evidence.failed_op = i;
      result.evidence.reason = "no state the model can reach allows this op";
      return result;
    }
  }
  uint32_t state = space_.initial();
  OpSetFingerprint linearized;
  uint32_t cur = next_[head_];
  uint64_t steps = 0;
  for (;; ++steps) {
    if (remaining_ok_ == 0) {
      result.verdict = Verdict::kValid;
      break;
    }
    if ((steps & 1023) == 0 && out_of_limits(result)) {
      result.verdict = Verdict::kUnknown;
      break;
    }
    const bool at_call = cur != tail_ && events_[cur].is_call;
    if (at_call) {
      const uint32_t op = events_[cur].op;
      const int64_t twin = earlier_twin_[op];
      const int32_t next_state = twin >= 0 && !linearized_[static_cast<size_t>(twin)]
                                     ? StateSpace::kImpossible
                                     : space_.step(state, op);
      if (next_state != StateSpace::kImpossible) {
        // A full memo doubles on this insert: reserve the new table first.
        if (limits_.memoize && memo_.bytes_during_next_insert() > memo_.bytes() &&
            !hold(bytes_in_use() - memo_.bytes() + memo_.bytes_during_next_insert())) {
          result.verdict = Verdict::kUnknown;
          result.unknown_reason = "memory limit";
          break;
        }
        linearized.toggle(op);
        if (!limits_.memoize || memo_.insert(linearized, static_cast<uint32_t>(next_state))) {
          stack_.push_back({cur, state});
          state = static_cast<uint32_t>(next_state);
          lift(cur);
          linearized_[op] = true;
          if (ops_[op].ok) --remaining_ok_;
          cur = next_[head_];
          continue;
        }
        linearized.toggle(op);
      }
      cur = next_[cur];
      continue;
    }
    // A return whose call could not be linearized before it: backtrack.
    if (cur != tail_) note_failure(cur, state);
    if (stack_.empty()) {
      result.verdict = Verdict::kInvalid;
      break;
    }
    const Frame frame = stack_.back();
    stack_.pop_back();
    const uint32_t op = events_[frame.event].op;
    state = frame.prev_state;
    linearized.toggle(op);
    unlift(frame.event);
    linearized_[op] = false;
    if (ops_[op].ok) ++remaining_ok_;
    cur = next_[frame.event];
  }
  result.steps = steps;
  hold(bytes_in_use());  // final accounting for peak_bytes
  result.memo_entries = memo_.size();
  result.peak_bytes = peak_bytes_;
  if (result.verdict == Verdict::kInvalid) fill_evidence(result);
  if (result.verdict != Verdict::kUnknown) result.unknown_reason.clear();
  return result;
}

void Search::fill_evidence(SearchResult& result) const {
  SearchEvidence& ev = result.evidence;
  ev.failed_op = failed_op_;
  ev.concurrent_ops.assign(concurrent_.begin(), concurrent_.end());
  ev.linearized_tail.assign(tail_ops_.begin(), tail_ops_.end());
  for (uint32_t s : tail_states_) ev.tail_states.push_back(machine_.describe(space_.state(s)));
  ev.linearized_count = linearized_count_;
  for (uint32_t s : failure_states_) ev.states.push_back(machine_.describe(space_.state(s)));
}

}  // namespace

SearchResult wgl_search(const Machine& machine, const std::vector<CheckOp>& ops,
                        const SearchLimits& limits) {
  Search search(machine, ops, limits);
  return search.run();
}

}  // namespace faultline
