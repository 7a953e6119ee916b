// Availability as the clients saw it: the run cut into periods (before the
// first fault, during each fault, after each heal, the quiet period, the
// final reads), and for each the ops' outcomes, the throughput and the
// latencies; during a partition also per side of the cut; and after each
// heal, how long until the ok ops per second were back to their level
// before the fault.
//
// Rules (docs/store.md, "availability"):
// - An op counts in the period in which it completed: that is when its
//   client saw the outcome. An op that never completed counts as info at its
//   invocation.
// - ok rate = ok / (ok + fail + info); throughput = ok ops per second of the
//   period; latency = completion - invocation of every completed op (ok,
//   fail and info: a timeout is what the client waited).
// - A side of a partition: the nodes that drop the same set of nodes (from
//   the grudge the nemesis applied); an op is on the side of the node that
//   served it (its completion's node, else its invocation's).
// - Recovery after the heal of fault N (the stop of fault N completed): the
//   level is the ok ops per second between the previous heal (or the start)
//   and fault N's start. The first window of kRecoveryWindowNs, starting at
//   the heal or at a later completion and ending before the next fault
//   begins (or the run ends), with at
//   least kRecoveryShare of that level is the recovery; its start minus the
//   heal is the recovery time. Ok per second rather than the ok share: a
//   database that stalls answers few ops, all of them perhaps ok.
//
// Pure functions of the history (as a compact table: 24 bytes an op while
// measuring) and the run's phase times; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/history/history.h"
#include "harness/history/op.h"
#include "harness/history/op_table.h"

namespace faultline {

inline constexpr int64_t kRecoveryWindowNs = 1'000'000'000;
inline constexpr double kRecoveryShare = 0.9;

// When the runner's phases began, in history time (results.json
// "phase_starts_s"); -1 when unknown (an imported history, an older store, a
// run stopped before that phase).
struct PhaseStarts {
  int64_t quiesce_ns = -1;
  int64_t final_ns = -1;
  int64_t done_ns = -1;
};
PhaseStarts phase_starts_of(const Json& results);

struct Latencies {  // nanoseconds, nearest rank
  int64_t p50 = 0, p95 = 0, p99 = 0, max = 0;
};

struct OutcomeCounts {
  int64_t ok = 0, fail = 0, info = 0;
  double ok_per_s = 0;
  std::optional<Latencies> latency;  // none when no op completed
  int64_t total() const { return ok + fail + info; }
};

struct SideCounts {
  std::vector<std::string> nodes;  // the side's nodes; empty: ops on nodes the grudge leaves out
  OutcomeCounts counts;
};

enum class PeriodKind { kBefore, kFault, kAfterHeal, kQuiet, kFinal };
std::string_view to_string(PeriodKind kind);

struct AvailabilityPeriod {
  PeriodKind kind = PeriodKind::kBefore;
  std::string name;         // "before the first fault", "during fault 2 (partition)", ...
  std::vector<int> faults;  // kFault: the faults active (1-based); kAfterHeal: the one healed
  std::string what;         // kFault: what the faults did, for people
  int64_t start_ns = 0, end_ns = 0;
  OutcomeCounts counts;
  std::vector<SideCounts> sides;  // kFault with a partition: one per side of the cut
};

struct Recovery {
  int fault = 0;  // 1-based
  std::string kind;
  int64_t healed_ns = 0;
  std::optional<double> ok_per_s_before;  // none: no op succeeded before the fault
  std::optional<int64_t> recovered_ns;    // the window's start; none: did not recover
  int next_fault = 0;  // the fault that began next (it had to recover before); 0: none
};

struct Availability {
  std::vector<AvailabilityPeriod> periods;
  std::vector<Recovery> recoveries;  // one per fault healed in the history
  int64_t untimed_ops = 0;           // client ops without times: in no period
};

Availability measure_availability(const OpTable& table, const PhaseStarts& phases);
// The same for a History (measured as a table made of it).
Availability measure_availability(const History& history, const PhaseStarts& phases);

// results.json "availability" (docs/store.md).
Json availability_to_json(const Availability& availability);

// The same table for every reader (report, terminal, summary.md): a header
// and, from results.json's "availability", one row per period and side.
struct AvailabilityRow {
  bool side = false;  // a side of the period above
  std::vector<std::string> cells;
};
std::vector<std::string> availability_columns();
std::vector<AvailabilityRow> availability_rows(const Json& availability);
// "fault 1 (partition) healed at 8.0 s: back to 98% ok after 0.6 s", or "...: did not
// recover within the run", one per recovery.
std::vector<std::string> recovery_lines(const Json& availability);

}  // namespace faultline
