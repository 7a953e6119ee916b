// The Elle checker against a brute-force serializability search on small
// random histories. A random "database" runs the txns in some order but
// lets reads return stale versions at random; all txns are concurrent, so
// only serializability is at stake. The search tries every subset of the
// info txns and every order of the txns taken to have committed: in the
// order, each ok txn's reads must show exactly the state then (its own
// appends and writes included).
// With real-time order, txns complete as they run, each invoked at a random
// earlier moment, and the order must also respect real time (strict
// serializability).
//   list-append: Elle rules out serializable exactly when no order exists;
//   rw-register: Elle's inference is a sound subset: when it rules
//   serializable out, no order exists.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "checkers/elle/elle_report.h"

namespace faultline {
namespace {

struct MicroOp {
  char f;  // 'a'ppend, 'w'rite, 'r'ead
  int key;
  std::vector<int> value;  // append/write: one value; read: what it saw (rw: empty = nil)
};

struct Txn {
  std::vector<MicroOp> ops;
  OpType outcome = OpType::kOk;
  int invoked = 0;     // its invocation's position in the history
  int completed = -1;  // its completion's; -1: none (info)
};

using State = std::map<int, std::vector<int>>;  // key -> list (rw-register: its last element)

// Runs txn `t` on `state`; false when an ok txn's read disagrees with it.
bool apply(const Txn& t, State& state) {
  for (const MicroOp& op : t.ops) {
    std::vector<int>& value = state[op.key];
    if (op.f == 'a') value.push_back(op.value[0]);
    if (op.f == 'w') value = op.value;
    if (op.f == 'r' && t.outcome == OpType::kOk && op.value != value) return false;
  }
  return true;
}

// With `realtime`, an order must also keep every txn after those that
// completed before it was invoked.
bool respects_realtime(const std::vector<Txn>& txns, const std::vector<size_t>& order) {
  for (size_t i = 0; i < order.size(); ++i)
    for (size_t j = i + 1; j < order.size(); ++j) {
      const Txn& later = txns[order[j]];
      if (later.completed >= 0 && later.completed < txns[order[i]].invoked) return false;
    }
  return true;
}

bool serializable(const std::vector<Txn>& txns, bool realtime) {
  std::vector<size_t> info;
  for (size_t i = 0; i < txns.size(); ++i)
    if (txns[i].outcome == OpType::kInfo) info.push_back(i);
  for (unsigned subset = 0; subset < (1u << info.size()); ++subset) {
    std::vector<size_t> order;
    for (size_t i = 0; i < txns.size(); ++i) {
      const auto at = std::find(info.begin(), info.end(), i);
      const bool taken =
          at == info.end() ? txns[i].outcome == OpType::kOk : (subset >> (at - info.begin())) & 1;
      if (taken) order.push_back(i);
    }
    do {
      State state;
      bool fits = !realtime || respects_realtime(txns, order);
      for (size_t i : order) fits = fits && apply(txns[i], state);
      if (fits) return true;
    } while (std::next_permutation(order.begin(), order.end()));
  }
  return false;
}

// A database that runs the txns in a random order, with stale reads. With
// `realtime` each txn completes as it runs, and was invoked at a random
// earlier moment; else all are invoked first, then all complete.
std::vector<Txn> random_txns(std::mt19937_64& rng, bool append, bool realtime) {
  auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  std::vector<Txn> txns(2 + pick(4));
  int next_value = 1;
  State committed;
  std::map<int, std::vector<std::vector<int>>> versions;  // key -> every committed state
  for (Txn& t : txns) {
    t.outcome = chance(0.1) ? OpType::kFail : chance(0.1) ? OpType::kInfo : OpType::kOk;
    State state = committed;
    for (int n = 1 + pick(3); n > 0; --n) {
      MicroOp op{chance(0.5) ? 'r' : (append ? 'a' : 'w'), pick(2), {}};
      std::vector<int>& value = state[op.key];
      if (op.f != 'r') {
        op.value = {next_value++};
        if (append) value.push_back(op.value[0]);
        if (!append) value = op.value;
      } else {
        op.value = value;
        const auto& old = versions[op.key];
        if (chance(0.3)) op.value = old.empty() ? std::vector<int>{} : old[pick(old.size())];
      }
      t.ops.push_back(op);
    }
    if (t.outcome == OpType::kFail || (t.outcome == OpType::kInfo && chance(0.5))) continue;
    for (auto& [key, value] : state) {
      if (committed[key] != value) versions[key].push_back(committed[key]);
    }
    committed = state;
  }
  const int n = static_cast<int>(txns.size());
  if (!realtime) {
    std::shuffle(txns.begin(), txns.end(), rng);  // the order they ran in is not the history's
    for (int i = 0; i < n; ++i) {
      txns[i].invoked = i;
      txns[i].completed = txns[i].outcome == OpType::kInfo ? -1 : n + i;
    }
    return txns;
  }
  std::vector<std::pair<int, bool>> events;  // (txn, its completion)
  for (int i = 0; i < n; ++i) {
    events.insert(events.begin() + pick(static_cast<int>(events.size()) + 1), {i, false});
    if (txns[i].outcome != OpType::kInfo) events.emplace_back(i, true);
  }
  for (int at = 0; at < static_cast<int>(events.size()); ++at)
    (events[at].second ? txns[events[at].first].completed : txns[events[at].first].invoked) = at;
  return txns;
}

Json micro_ops_json(const Txn& t, bool with_reads, bool append) {
  Json ops = Json::array();
  for (const MicroOp& op : t.ops) {
    const std::string key = op.key == 0 ? "x" : "y";
    if (op.f == 'r') {
      Json seen = !with_reads        ? Json()
                  : append           ? Json(op.value)
                  : op.value.empty() ? Json()
                                     : Json(op.value[0]);
      ops.push_back({"r", key, seen});
    } else {
      ops.push_back({op.f == 'a' ? "append" : "w", key, op.value[0]});
    }
  }
  return ops;
}

// Each txn on a process of its own, its ops at their positions.
History as_history(const std::vector<Txn>& txns, bool append) {
  std::vector<std::pair<int, Op>> ops;
  for (size_t i = 0; i < txns.size(); ++i) {
    for (const bool done : {false, true}) {
      if (done && txns[i].completed < 0) continue;
      Op op;
      op.process = static_cast<int64_t>(i);
      op.type = done ? txns[i].outcome : OpType::kInvoke;
      op.f = "txn";
      op.value = micro_ops_json(txns[i], done && txns[i].outcome == OpType::kOk, append);
      ops.emplace_back(done ? txns[i].completed : txns[i].invoked, std::move(op));
    }
  }
  std::sort(ops.begin(), ops.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  History h;
  for (auto& [at, op] : ops) {
    op.index = static_cast<int64_t>(h.ops.size());
    h.ops.push_back(std::move(op));
  }
  return h;
}

bool rules_out(const elle::ElleResult& r, const std::string& model) {
  return std::find(r.ruled_out.begin(), r.ruled_out.end(), model) != r.ruled_out.end();
}

void run_trials(bool append, bool realtime, int trials, bool expect_complete) {
  std::mt19937_64 rng(append ? 18 : 19);
  int invalid = 0;
  elle::ElleOptions options;
  options.workload = append ? elle::TxnWorkload::kListAppend : elle::TxnWorkload::kRwRegister;
  options.realtime_order = realtime;
  const std::string model = realtime ? "strict-serializable" : "serializable";
  for (int trial = 0; trial < trials; ++trial) {
    const std::vector<Txn> txns = random_txns(rng, append, realtime);
    const History h = as_history(txns, append);
    const elle::ElleResult r = elle::check_elle(h, options);
    ASSERT_FALSE(r.error) << r.error->to_string();
    const bool expected = serializable(txns, realtime);
    invalid += !expected;
    std::string ops;
    for (const Op& op : h.ops)
      ops += op.value.dump() + " " + std::string(to_string(op.type)) + "\n";
    if (expected) {
      ASSERT_FALSE(rules_out(r, model)) << "trial " << trial << ": a serial order exists\n"
                                        << ops << elle::to_json(r).dump(2);
    } else if (expect_complete) {
      ASSERT_TRUE(rules_out(r, model)) << "trial " << trial << ": no serial order exists\n"
                                       << ops << elle::to_json(r).dump(2);
    }
  }
  // The generator makes both kinds, so the test can fail either way.
  EXPECT_GT(invalid, trials / 10);
  EXPECT_LT(invalid, trials * 9 / 10);
}

TEST(ElleDifferential, ListAppendRulesOutSerializableExactlyWhenNoSerialOrderExists) {
  run_trials(true, false, 5000, true);
}

TEST(ElleDifferential, ListAppendWithRealtimeRulesOutStrictSerializableExactlyWhenNoOrderExists) {
  run_trials(true, true, 5000, true);
}

TEST(ElleDifferential, RwRegisterRulesOutSerializableOnlyWhenNoSerialOrderExists) {
  run_trials(false, false, 5000, false);
}

TEST(ElleDifferential, RwRegisterWithRealtimeRulesOutStrictSerializableOnlyWhenNoOrderExists) {
  run_trials(false, true, 5000, false);
}

}  // namespace
}  // namespace faultline
