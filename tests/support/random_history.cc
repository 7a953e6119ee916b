#include "tests/support/random_history.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

namespace faultline::testing {
namespace {

constexpr int64_t kImpossibleValue = 1'000'000'007;

struct Outcome {
  bool ok;     // false: the op failed and had no effect
  Json value;  // what the completion reports
};

// The sequential specification each generated history follows.
class Simulated {
 public:
  Simulated(const RandomHistoryOptions& o) : o_(o) {
    if (o.model == "cas-register" || o.model == "register") state_ = 0;
    else if (o.model == "mutex") state_ = false;
    else if (o.model == "kv" || o.model == "kv-string") state_ = Json::object();
    else state_ = Json::array();
  }

  std::pair<std::string, Json> random_op(std::mt19937_64& rng) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
    auto value = [&]() -> Json { return o_.unique_writes ? Json(++counter_) : Json(pick(o_.values)); };
    const std::string& m = o_.model;
    if (m == "register") return pick(2) ? std::pair{"read", Json()} : std::pair{"write", value()};
    if (m == "cas-register") {
      int r = pick(3);
      if (r == 0) return {"read", Json()};
      if (r == 1) return {"write", value()};
      return {"cas", Json::array({pick(o_.values), value()})};
    }
    if (m == "mutex") return {pick(2) ? "acquire" : "release", Json()};
    if (m == "set") return pick(3) ? std::pair{"add", Json(++counter_)} : std::pair{"read", Json()};
    if (m == "kv") return {pick(2) ? "get" : "put", pick(2) ? Json() : value()};
    if (m == "kv-string") {
      // Pieces that can join in more than one way ("a" + "b" reads as "ab").
      static constexpr const char* kPieces[] = {"a", "b", "ab", "ba"};
      int r = pick(5);
      if (r < 2) return {"get", Json()};
      if (r == 2) return {"put", Json(o_.unique_writes ? "p" + std::to_string(++counter_)
                                                          : std::string(kPieces[pick(4)]))};
      return {"append", Json(kPieces[pick(4)])};
    }
    return pick(2) ? std::pair{"enqueue", Json(++counter_)} : std::pair{"dequeue", Json()};
  }

  Outcome apply(const std::string& f, const Json& v, const std::string& key) {
    const std::string& m = o_.model;
    if (m == "register" || m == "cas-register") {
      if (f == "read") return {true, state_};
      if (f == "write") return state_ = v, Outcome{true, v};
      if (state_ != v[0]) return {false, v};
      return state_ = v[1], Outcome{true, v};
    }
    if (m == "mutex") {
      bool want = f == "acquire";
      if (state_.get<bool>() == want) return {false, v};
      return state_ = want, Outcome{true, v};
    }
    if (m == "kv") {
      if (f == "get") return {true, state_.contains(key) ? state_[key] : Json()};
      return state_[key] = v, Outcome{true, v};
    }
    if (m == "kv-string") {
      std::string now = state_.contains(key) ? state_[key].get<std::string>() : "";
      if (f == "get") return {true, now};
      if (f == "append") now += v.get<std::string>();
      else now = v.get<std::string>();
      return state_[key] = now, Outcome{true, v};
    }
    if (m == "set") {
      if (f == "read") return {true, state_};
      return state_.push_back(v), Outcome{true, v};
    }
    if (f == "enqueue") return state_.push_back(v), Outcome{true, v};
    if (state_.empty()) return {true, Json()};
    Json front = state_[0];
    state_.erase(0);
    return {true, front};
  }

 private:
  const RandomHistoryOptions& o_;
  Json state_;
  int64_t counter_ = 100;
};

struct Pending {
  size_t invoke;                   // index into ops
  std::optional<Outcome> applied;  // set once it took effect
};

}  // namespace

History random_history(const RandomHistoryOptions& o, std::mt19937_64& rng) {
  History h;
  h.source = "random";
  Simulated model(o);
  std::vector<std::optional<Pending>> pending(static_cast<size_t>(o.processes));
  std::vector<int64_t> process_id(pending.size());
  for (size_t p = 0; p < pending.size(); ++p) process_id[p] = static_cast<int64_t>(p);
  int64_t next_process = o.processes;
  std::uniform_real_distribution<double> unit(0, 1);
  size_t invoked = 0;
  auto emit = [&](Op op) {
    op.index = static_cast<int64_t>(h.ops.size());
    op.time_ns = op.index * 1000;
    op.source_line = op.index + 1;
    h.ops.push_back(std::move(op));
  };
  while (true) {
    size_t p = rng() % pending.size();
    std::optional<Pending>& slot = pending[p];
    bool any_pending = std::any_of(pending.begin(), pending.end(), [](auto& s) { return s.has_value(); });
    if (invoked >= o.ops && !any_pending) break;
    if (!slot) {
      if (invoked >= o.ops) continue;
      auto [f, value] = model.random_op(rng);
      Op op;
      op.process = process_id[p];
      op.f = f;
      op.value = value;
      if (o.model == "kv" || o.model == "kv-string") {
        op.key = std::to_string(rng() % static_cast<uint64_t>(std::max(1, o.keys)));
      }
      emit(op);
      slot = Pending{h.ops.size() - 1, std::nullopt};
      ++invoked;
      continue;
    }
    const Op& invoke = h.ops[slot->invoke];
    if (!slot->applied) {
      if (unit(rng) < o.info_rate / 3) {  // indeterminate, and in truth never took effect
        Op lost = invoke;
        lost.type = OpType::kInfo;
        process_id[p] = next_process++;
        emit(lost);
        slot.reset();
        continue;
      }
      slot->applied = model.apply(invoke.f, invoke.value, invoke.key.value_or(""));
      continue;
    }
    Op done = invoke;
    double r = unit(rng);
    if (r < o.crash_rate) {
      // Never completes: the process is gone; a fresh one replaces it.
      process_id[p] = next_process++;
      slot.reset();
      continue;
    }
    if (r < o.crash_rate + o.info_rate) {
      done.type = OpType::kInfo;  // took effect, but the client cannot know
      process_id[p] = next_process++;
    } else {
      done.type = slot->applied->ok ? OpType::kOk : OpType::kFail;
      done.value = slot->applied->value;
    }
    emit(done);
    slot.reset();
  }
  return h;
}

bool corrupt_one_read(History& history, std::mt19937_64& rng) {
  std::vector<size_t> reads;
  for (size_t i = 0; i < history.ops.size(); ++i) {
    const Op& op = history.ops[i];
    bool observes = op.f == "read" || op.f == "get" || op.f == "dequeue";
    if (op.type == OpType::kOk && observes) reads.push_back(i);
  }
  if (reads.empty()) return false;
  Op& op = history.ops[reads[rng() % reads.size()]];
  op.value = op.value.is_array() ? Json::array({kImpossibleValue}) : Json(kImpossibleValue);
  return true;
}

}  // namespace faultline::testing

namespace faultline::testing {

History hard_invalid_kv_history(const HardKvOptions& o, std::mt19937_64& rng) {
  RandomHistoryOptions r;
  r.model = "kv";
  r.keys = o.keys;
  r.ops = o.ops_per_key * static_cast<size_t>(o.keys);
  r.processes = o.processes;
  r.info_rate = o.info_rate;
  r.unique_writes = true;
  History h = random_history(r, rng);
  for (int k = 0; k < o.bad_keys; ++k) {
    const std::string key = std::to_string(k);
    // A stale read: the last ok get that began after a second put had completed,
    // where that put began after the first put had completed, reads the first
    // put's value (written once: writes are unique).
    enum { kFirstPut, kSecondPut, kGets } stage = kFirstPut;
    Json first_value;
    std::set<int64_t> eligible;  // processes whose pending op counts for the stage
    std::optional<size_t> bad_read;
    for (size_t i = 0; i < h.ops.size(); ++i) {
      const Op& op = h.ops[i];
      if (op.key != key) continue;
      if (op.type == OpType::kInvoke) {
        if ((stage == kSecondPut && op.f == "put") || (stage == kGets && op.f == "get"))
          eligible.insert(op.process);
        continue;
      }
      const bool counts = op.type == OpType::kOk && !op.value.is_null();
      if (stage == kFirstPut && op.f == "put" && counts) {
        first_value = op.value;
        stage = kSecondPut;
      } else if (stage == kSecondPut && op.f == "put" && counts && eligible.count(op.process)) {
        stage = kGets;
        eligible.clear();
      } else if (stage == kGets && op.f == "get" && op.type == OpType::kOk &&
                 eligible.count(op.process)) {
        bad_read = i;
      }
      eligible.erase(op.process);
    }
    if (bad_read) h.ops[*bad_read].value = first_value;
  }
  return h;
}

}  // namespace faultline::testing
