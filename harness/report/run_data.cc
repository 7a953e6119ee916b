// The run as the page draws it: client ops paired into spans on worker lanes,
// and the nemesis's ops folded into fault bands.
#include <algorithm>
#include <set>

#include "harness/history/pairing.h"
#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

// More rows than this would be unreadable: processes are folded modulo it.
constexpr int64_t kMaxLanes = 64;

std::vector<std::string> fold_lanes(const OpTable& table, std::vector<ClientOp>& ops,
                                    int64_t concurrency) {
  std::set<int64_t> processes;
  for (const ClientOp& op : ops) processes.insert(table.process(op.invoke));
  std::vector<std::string> names;
  if (concurrency <= 0 && static_cast<int64_t>(processes.size()) <= kMaxLanes) {
    // No worker count: one lane per process, in process order.
    std::map<int64_t, int> lane_of;
    for (int64_t p : processes) {
      lane_of[p] = static_cast<int>(names.size());
      names.push_back("process " + std::to_string(p));
    }
    for (ClientOp& op : ops) op.lane = lane_of[table.process(op.invoke)];
    return names;
  }
  // Jepsen's rule: a worker takes a fresh process id after an info, so the
  // process modulo the worker count names the worker.
  const int64_t lanes =
      std::clamp<int64_t>(concurrency > 0 ? concurrency : kMaxLanes, 1, kMaxLanes);
  for (int64_t w = 0; w < lanes; ++w) names.push_back("worker " + std::to_string(w));
  for (ClientOp& op : ops) {
    const int64_t p = table.process(op.invoke);
    op.lane = static_cast<int>(((p % lanes) + lanes) % lanes);
  }
  return names;
}

void widen(RunData& run, int64_t ns, bool& any) {
  if (ns < 0) return;
  if (!any) run.begin_ns = run.end_ns = ns;
  run.begin_ns = std::min(run.begin_ns, ns);
  run.end_ns = std::max(run.end_ns, ns);
  any = true;
}

}  // namespace

RunData gather_run(const OpTable& table, int64_t concurrency) {
  RunData run;
  run.table = &table;
  const std::vector<PairedOp> pairs = pair_ops(table, &run.notes);
  run.ops.reserve(pairs.size());  // growing would hold two copies of a big run's ops
  for (const PairedOp& paired : pairs) {
    ClientOp op;
    op.invoke = paired.invoke;
    op.complete = paired.complete;
    op.outcome = paired.outcome;
    if (op.start_ns(table) < 0) ++run.untimed_ops;
    run.ops.push_back(op);
  }
  run.lane_names = fold_lanes(table, run.ops, concurrency);
  bool any = false;
  for (size_t row = 0; row < table.size(); ++row) widen(run, table.time_ns(row), any);
  if (run.end_ns <= run.begin_ns) run.end_ns = run.begin_ns + 1;
  History nemesis = nemesis_ops(table);
  run.faults = gather_faults(nemesis);
  for (Op& op : nemesis.ops) {
    if (op.f == "heal" && !op.value.is_null()) run.heals.push_back(std::move(op));
  }
  return run;
}

}  // namespace faultline::report_detail
