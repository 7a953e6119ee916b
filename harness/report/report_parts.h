// The report's pieces, shared by the files of harness/report/ only: the run
// as the page draws it (client ops paired, nemesis faults as time bands), and
// the functions that render each section. Every function returns HTML (or
// SVG) with every value from the run already escaped.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/history/history.h"
#include "harness/history/op.h"
#include "harness/history/op_table.h"
#include "harness/report/report.h"

namespace faultline::report_detail {

// JSON text safe inside <script type="application/json">: < > & and the
// line separators U+2028/U+2029 become \u escapes, so no "</script>" or
// "<!--" can end the element early.
std::string json_for_script(const Json& value);

// One line of JSON for people, cut to about `max_chars` with "...".
std::string compact_json(const Json& value, size_t max_chars = 120);

// An op's value for people: "nil" for null (what a read of an absent key
// returns), never blank.
std::string value_text(const Json& value, size_t max_chars = 120);

// What `complete` adds about its op: a read's result (nil too), or a value
// other than the invocation's; nothing when it only echoes it.
std::optional<std::string> completion_value_text(const Op& invoke, const Op& complete,
                                                 size_t max_chars = 120);

// Seconds with a fixed number of decimals ("12.35").
std::string format_seconds(int64_t ns, int decimals = 2);
std::string fixed(double value, int decimals);

// One path segment made safe for an href: each byte outside [A-Za-z0-9._~-]
// percent-encoded, '/' included, and "." / ".." entirely (no climbing out).
std::string percent_encode_segment(std::string_view segment);

// A client op from invocation to completion, as drawn: rows of the run's
// table, so a 10M-op run is drawn without its Ops. 16 bytes: the report holds
// one per op while it draws, so the times are read from the table.
struct ClientOp {
  uint32_t invoke = 0;    // the invocation's row in RunData::table
  uint32_t complete = 0;  // the completion's row; == invoke when it never completed
  OpType outcome = OpType::kInfo;
  int lane = 0;  // the worker row it is drawn in
  bool completed() const { return complete != invoke; }
  // -1: unknown
  int64_t start_ns(const OpTable& table) const { return table.time_ns(invoke); }
  // The completion's time; -1 when none or unknown.
  int64_t end_ns(const OpTable& table) const { return completed() ? table.time_ns(complete) : -1; }
};
static_assert(sizeof(ClientOp) == 16);

// A nemesis fault: from its start op to its stop's completion.
struct FaultBand {
  std::string kind;   // "partition", "pause", ...
  std::string what;   // what was done, one line for people
  std::string ended;  // what its stop did ("restart etcd: n3 restarted as pid 4567"); "" if none
  int64_t start_ns = 0;
  int64_t end_ns = -1;              // -1: never stopped in this history
  std::vector<std::string> errors;  // from the ops' error fields
  Json applied;                     // what the start's completion says was done (a grudge...)
};

struct RunData {
  const OpTable* table = nullptr;  // the history; outlives the RunData
  std::vector<ClientOp> ops;       // in invocation order
  std::vector<FaultBand> faults;   // in start order
  std::vector<Op> heals;           // completions of "heal" ops
  std::vector<std::string> lane_names;
  int64_t begin_ns = 0, end_ns = 0;  // the drawn time range
  size_t untimed_ops = 0;            // ops without times: not drawn
  std::vector<HistoryNote> notes;    // from pairing
};

// `concurrency` (results.json config) folds logical processes into worker
// lanes; 0 when unknown.
RunData gather_run(const OpTable& table, int64_t concurrency);
std::vector<FaultBand> gather_faults(const History& history);

// Maps run time to x pixels.
struct TimeAxis {
  int64_t begin_ns = 0, end_ns = 1;
  double x0 = 0, width = 1000;
  double x(int64_t ns) const;
};

std::string svg_fault_bands(const std::vector<FaultBand>& faults, const TimeAxis& axis,
                            int64_t run_end_ns, double top, double height, bool labels);
std::string svg_time_ticks(const TimeAxis& axis, double y, double grid_top);

// The op's one-line hover text: index, process, f, value, result, times.
std::string op_tooltip(const RunData& run, const ClientOp& op);

std::string render_run_timeline(const RunData& run, const std::vector<int64_t>& evidence_indices);
std::string render_charts(const RunData& run);
std::string render_op_counts(const RunData& run);
std::string render_fault_list(const RunData& run);

// The evidence section for every checker that found the run invalid (or
// could not decide); `evidence_indices` receives the history indices shown.
std::string render_evidence(const Json& results, const OpTable& history, const RunData& run,
                            std::vector<int64_t>* evidence_indices);

// A small timeline of a few ops (the evidence) and their neighbours.
std::string render_evidence_timeline(const RunData& run, const std::vector<int64_t>& indices,
                                     int64_t failed_index, const std::string& key);

// Availability as the clients saw it, per period (availability.h).
std::string render_availability(const Json& results, const OpTable& history);

// The invalid run's incident summary (incident.cc); "" for other verdicts.
std::string render_incident(const Json& results, const OpTable& history,
                            const ReportContext& context);
std::string render_banner(const Json& results, const ReportContext& context);
std::string render_alerts(const Json& results, const OpTable& history);
std::string render_details(const Json& results, const ReportContext& context);
std::string render_notes(const OpTable& history, const RunData& run);

// The page's head (title escaped, the style inline) and its end (the script).
std::string page_open(const std::string& title);
std::string page_close();

std::string_view page_css();
std::string_view page_js();

}  // namespace faultline::report_detail
