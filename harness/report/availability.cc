// Availability: client ops sorted into the run's periods, counted per
// period and per side of a partition, and the recovery after each heal.
// The rules are in availability.h.
#include "harness/report/availability.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "harness/history/pairing.h"
#include "harness/report/report_parts.h"

namespace faultline {
namespace {

using report_detail::FaultBand;

// A client op as availability sees it: when its client saw the outcome.
struct Seen {
  int64_t at_ns = 0;
  int64_t latency_ns = -1;  // -1: never completed (or untimed)
  uint32_t node = 0;        // the id of its node's name in the table
  OpType outcome = OpType::kInfo;
};

std::vector<Seen> seen_ops(const OpTable& table, int64_t* untimed) {
  const std::vector<PairedOp> pairs = pair_ops(table, nullptr);
  std::vector<Seen> seen;
  seen.reserve(pairs.size());
  for (const PairedOp& paired : pairs) {
    const bool completed = paired.has_completion();
    const int64_t invoked_ns = table.time_ns(paired.invoke);
    const int64_t completed_ns = completed ? table.time_ns(paired.complete) : -1;
    Seen op;
    op.outcome = paired.outcome;
    op.node = completed && !table.node(paired.complete).empty() ? table.node_id(paired.complete)
                                                                : table.node_id(paired.invoke);
    op.at_ns = completed ? completed_ns : invoked_ns;
    if (completed && completed_ns >= 0 && invoked_ns >= 0)
      op.latency_ns = std::max<int64_t>(completed_ns - invoked_ns, 0);
    if (op.at_ns < 0) {
      ++*untimed;
      continue;
    }
    seen.push_back(op);
  }
  // By time, then by every field: ops equal in all of them are alike, so the
  // order is the same on every run without stable_sort's copy of them all
  // (240 MB for 10M ops). Sorting costs nothing when they are in order already.
  auto before = [](const Seen& a, const Seen& b) {
    return std::tie(a.at_ns, a.latency_ns, a.node, a.outcome) <
           std::tie(b.at_ns, b.latency_ns, b.node, b.outcome);
  };
  if (!std::is_sorted(seen.begin(), seen.end(), before))
    std::sort(seen.begin(), seen.end(), before);
  return seen;
}

bool active_at(const FaultBand& fault, int64_t t) {
  return fault.start_ns <= t && (fault.end_ns < 0 || t < fault.end_ns);
}

// What the period starting at `t` is; `faults` the active ones, or the one healed.
PeriodKind kind_at(int64_t t, const std::vector<FaultBand>& faults, const PhaseStarts& phases,
                   std::vector<int>& which) {
  which.clear();
  if (phases.final_ns >= 0 && t >= phases.final_ns) return PeriodKind::kFinal;
  for (size_t i = 0; i < faults.size(); ++i)
    if (active_at(faults[i], t)) which.push_back(static_cast<int>(i) + 1);
  if (!which.empty()) return PeriodKind::kFault;
  if (phases.quiesce_ns >= 0 && t >= phases.quiesce_ns) return PeriodKind::kQuiet;
  int64_t last_end = -1;
  for (size_t i = 0; i < faults.size(); ++i) {
    if (faults[i].end_ns >= 0 && faults[i].end_ns <= t && faults[i].end_ns >= last_end) {
      last_end = faults[i].end_ns;
      which.assign(1, static_cast<int>(i) + 1);
    }
  }
  return which.empty() ? PeriodKind::kBefore : PeriodKind::kAfterHeal;
}

std::string fault_kinds(const std::vector<int>& which, const std::vector<FaultBand>& faults) {
  std::string numbers, kinds;
  for (int n : which) {
    numbers += (numbers.empty() ? "" : ", ") + std::to_string(n);
    kinds += (kinds.empty() ? "" : ", ") + faults[n - 1].kind;
  }
  return numbers + " (" + kinds + ")";
}

void name_period(AvailabilityPeriod& period, const std::vector<FaultBand>& faults) {
  switch (period.kind) {
    case PeriodKind::kBefore:
      period.name = "before the first fault";
      break;
    case PeriodKind::kFault:
      period.name = std::string(period.faults.size() > 1 ? "during faults " : "during fault ") +
                    fault_kinds(period.faults, faults);
      for (int n : period.faults)
        period.what += (period.what.empty() ? "" : "; ") + faults[n - 1].what;
      break;
    case PeriodKind::kAfterHeal:
      period.name = "after the heal of fault " + fault_kinds(period.faults, faults);
      break;
    case PeriodKind::kQuiet:
      period.name = "quiet period";
      break;
    case PeriodKind::kFinal:
      period.name = "final reads";
      break;
  }
}

std::vector<AvailabilityPeriod> cut_periods(int64_t begin, int64_t end,
                                            const std::vector<FaultBand>& faults,
                                            const PhaseStarts& phases) {
  std::set<int64_t> cuts{begin, end};
  auto cut = [&](int64_t t) {
    if (t > begin && t < end) cuts.insert(t);
  };
  for (const FaultBand& fault : faults) cut(fault.start_ns), cut(fault.end_ns);
  cut(phases.quiesce_ns), cut(phases.final_ns);
  std::vector<AvailabilityPeriod> periods;
  for (auto it = cuts.begin(); std::next(it) != cuts.end(); ++it) {
    std::vector<int> which;
    const PeriodKind kind = kind_at(*it, faults, phases, which);
    if (!periods.empty() && periods.back().kind == kind && periods.back().faults == which) {
      periods.back().end_ns = *std::next(it);  // the same period goes on
      continue;
    }
    AvailabilityPeriod period;
    period.kind = kind;
    period.faults = std::move(which);
    period.start_ns = *it;
    period.end_ns = *std::next(it);
    name_period(period, faults);
    periods.push_back(std::move(period));
  }
  return periods;
}

// Nearest rank: the smallest latency at or above `share` of them.
int64_t percentile(const std::vector<int64_t>& sorted, double share) {
  const auto rank = static_cast<size_t>(std::ceil(share * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

// Counts `ops` into `counts`, over a period of `duration_ns`.
class Tally {
 public:
  void add(const Seen& op) {
    (op.outcome == OpType::kOk     ? counts_.ok
     : op.outcome == OpType::kFail ? counts_.fail
                                   : counts_.info)++;
    if (op.latency_ns >= 0) latencies_.push_back(op.latency_ns);
  }
  OutcomeCounts finish(int64_t duration_ns) {
    if (duration_ns > 0)
      counts_.ok_per_s = static_cast<double>(counts_.ok) * 1e9 / static_cast<double>(duration_ns);
    if (!latencies_.empty()) {
      std::sort(latencies_.begin(), latencies_.end());
      counts_.latency = Latencies{percentile(latencies_, 0.50), percentile(latencies_, 0.95),
                                  percentile(latencies_, 0.99), latencies_.back()};
    }
    return counts_;
  }

 private:
  OutcomeCounts counts_;
  std::vector<int64_t> latencies_;
};

// The sides of a partition's cut: nodes grouped by the set of nodes they
// drop; nothing when the fault applied no grudge.
std::vector<std::vector<std::string>> sides_of(const Json& grudge) {
  if (!grudge.is_object() || grudge.empty()) return {};
  std::map<std::set<std::string>, std::vector<std::string>> by_dropped;
  for (const auto& [node, dropped] : grudge.items()) {
    if (!dropped.is_array()) return {};
    std::set<std::string> set;
    for (const Json& name : dropped) {
      if (!name.is_string()) return {};
      set.insert(name.get<std::string>());
    }
    by_dropped[set].push_back(node);
  }
  std::vector<std::vector<std::string>> sides;
  for (auto& [dropped, nodes] : by_dropped) sides.push_back(std::move(nodes));
  std::sort(sides.begin(), sides.end());
  return sides;
}

// The sides of the first partition among the period's faults (other faults
// also name nodes in lists, e.g. {"nodes": ["n1"]}, which is no grudge).
std::vector<std::vector<std::string>> period_sides(const AvailabilityPeriod& period,
                                                   const std::vector<FaultBand>& faults) {
  if (period.kind != PeriodKind::kFault) return {};
  for (int n : period.faults) {
    if (faults[n - 1].kind != "partition") continue;
    if (auto sides = sides_of(faults[n - 1].applied); !sides.empty()) return sides;
  }
  return {};
}

void count_periods(std::vector<AvailabilityPeriod>& periods, const std::vector<Seen>& ops,
                   const std::vector<FaultBand>& faults, const OpTable& table) {
  size_t next = 0;
  for (size_t p = 0; p < periods.size(); ++p) {
    AvailabilityPeriod& period = periods[p];
    const bool last = p + 1 == periods.size();
    const std::vector<std::vector<std::string>> sides = period_sides(period, faults);
    std::map<std::string, size_t> side_of;
    for (size_t s = 0; s < sides.size(); ++s)
      for (const std::string& node : sides[s]) side_of[node] = s;
    // By the table's id of a node's name: one lookup per name, not per op.
    std::vector<size_t> side_of_id(sides.empty() ? 0 : table.text_count(), sides.size());
    for (size_t id = 0; id < side_of_id.size(); ++id)
      if (auto it = side_of.find(table.text_of_id(static_cast<uint32_t>(id))); it != side_of.end())
        side_of_id[id] = it->second;
    Tally all;
    std::vector<Tally> per_side(sides.size() + 1);  // the last: nodes on no side
    for (; next < ops.size() && (last || ops[next].at_ns < period.end_ns); ++next) {
      all.add(ops[next]);
      if (sides.empty()) continue;
      per_side[side_of_id[ops[next].node]].add(ops[next]);
    }
    const int64_t duration = period.end_ns - period.start_ns;
    period.counts = all.finish(duration);
    for (size_t s = 0; s < per_side.size(); ++s) {
      OutcomeCounts counts = per_side[s].finish(duration);
      if (s == sides.size() && counts.total() == 0) continue;
      period.sides.push_back({s < sides.size() ? sides[s] : std::vector<std::string>{}, counts});
    }
  }
}

// Ops seen in [from, to): how many, and how many ok; prefix sums for speed.
class Windows {
 public:
  explicit Windows(const std::vector<Seen>& ops) : ops_(ops), ok_before_(ops.size() + 1, 0) {
    for (size_t i = 0; i < ops.size(); ++i)
      ok_before_[i + 1] = ok_before_[i] + (ops[i].outcome == OpType::kOk ? 1 : 0);
  }
  size_t first_at(int64_t t) const {
    return std::lower_bound(ops_.begin(), ops_.end(), t,
                            [](const Seen& op, int64_t at) { return op.at_ns < at; }) -
           ops_.begin();
  }
  std::pair<int64_t, int64_t> ok_and_total(int64_t from, int64_t to) const {
    const size_t a = first_at(from), b = first_at(to);
    return {ok_before_[b] - ok_before_[a], static_cast<int64_t>(b - a)};
  }
  const std::vector<Seen>& ops() const { return ops_; }

 private:
  const std::vector<Seen>& ops_;
  std::vector<int64_t> ok_before_;
};

Recovery recovery_after(size_t i, const std::vector<FaultBand>& faults, const Windows& windows,
                        int64_t begin, int64_t end) {
  const FaultBand& fault = faults[i];
  Recovery recovery;
  recovery.fault = static_cast<int>(i) + 1;
  recovery.kind = fault.kind;
  recovery.healed_ns = fault.end_ns;
  // Before the fault: since the latest heal before it (or the start).
  int64_t since = begin;
  for (const FaultBand& other : faults)
    if (other.end_ns >= 0 && other.end_ns <= fault.start_ns) since = std::max(since, other.end_ns);
  // The level to come back to: ok ops per second before the fault. (Ok per
  // second, not the ok share: a database that stalls answers few ops, all
  // of them perhaps ok.)
  const int64_t ok_before = windows.ok_and_total(since, fault.start_ns).first;
  if (ok_before == 0 || fault.start_ns <= since) return recovery;
  const double level =
      static_cast<double>(ok_before) * 1e9 / static_cast<double>(fault.start_ns - since);
  recovery.ok_per_s_before = level;
  const double needed = kRecoveryShare * level * static_cast<double>(kRecoveryWindowNs) / 1e9;
  // Windows end before the next fault starts: what comes after is its doing.
  int64_t until = end;
  for (size_t j = 0; j < faults.size(); ++j) {
    if (faults[j].start_ns >= fault.end_ns && faults[j].start_ns < until) {
      until = faults[j].start_ns;
      recovery.next_fault = static_cast<int>(j) + 1;
    }
  }
  auto recovered_from = [&](int64_t start) {
    if (start + kRecoveryWindowNs > until) return false;
    return static_cast<double>(windows.ok_and_total(start, start + kRecoveryWindowNs).first) >=
           needed;
  };
  if (recovered_from(fault.end_ns)) {
    recovery.recovered_ns = fault.end_ns;
    return recovery;
  }
  const std::vector<Seen>& ops = windows.ops();
  for (size_t k = windows.first_at(fault.end_ns + 1); k < ops.size(); ++k) {
    if (ops[k].at_ns + kRecoveryWindowNs > until) break;
    if (recovered_from(ops[k].at_ns)) {
      recovery.recovered_ns = ops[k].at_ns;
      break;
    }
  }
  return recovery;
}

}  // namespace

std::string_view to_string(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kBefore:
      return "before";
    case PeriodKind::kFault:
      return "fault";
    case PeriodKind::kAfterHeal:
      return "after-heal";
    case PeriodKind::kQuiet:
      return "quiet";
    case PeriodKind::kFinal:
      return "final";
  }
  return "?";
}

Availability measure_availability(const OpTable& table, const PhaseStarts& phases) {
  Availability availability;
  const std::vector<Seen> ops = seen_ops(table, &availability.untimed_ops);
  const std::vector<FaultBand> faults = report_detail::gather_faults(nemesis_ops(table));
  // The run from its first timed op to its last (or the end of the final phase).
  int64_t begin = -1, end = phases.done_ns;
  for (size_t row = 0; row < table.size(); ++row) {
    const int64_t t = table.time_ns(row);
    if (t < 0) continue;
    begin = begin < 0 ? t : std::min(begin, t);
    end = std::max(end, t);
  }
  if (begin < 0 || end <= begin) return availability;
  availability.periods = cut_periods(begin, end, faults, phases);
  count_periods(availability.periods, ops, faults, table);
  const Windows windows(ops);
  for (size_t i = 0; i < faults.size(); ++i)
    if (faults[i].end_ns >= 0)
      availability.recoveries.push_back(recovery_after(i, faults, windows, begin, end));
  return availability;
}

Availability measure_availability(const History& history, const PhaseStarts& phases) {
  return measure_availability(to_op_table(history), phases);
}

}  // namespace faultline
