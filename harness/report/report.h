// The HTML report of one stored run: a single self-contained file (no
// network, no files beside it except links to the store's own files) that a
// tired on-call engineer reads at a glance: the verdict first, then what
// went wrong (the evidence ops, in a small table and on the timeline), then
// what the run did (nemesis faults over time, ops and latencies per
// process), then the details.
//
// Every value from the history, the test file or a node reaches the page
// escaped (html_escape). Pure functions; safe from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/history/history.h"
#include "harness/history/op.h"
#include "harness/history/op_table.h"

namespace faultline {

// What the page needs beyond results.json and the history, known only to
// whoever reads the store: where it is (for the re-check and replay commands)
// and which node log files it holds (for links).
struct ReportContext {
  std::string store_dir;  // as the user would type it; empty: "<store dir>"
  std::map<std::string, std::vector<std::string>> node_files;  // node -> files under nodes/<node>/
};

// `results` is results.json as docs/store.md describes it; `history` the
// run's history (possibly cut short by a crash), as a compact table: the
// page makes whole Ops only of what it shows one by one (the evidence, the
// sampled points), so a 10M-op run is drawn in the memory of its table.
std::string render_report(const Json& results, const OpTable& history,
                          const ReportContext& context = {});
// The same for a History (drawn as a table made of it).
std::string render_report(const Json& results, const History& history,
                          const ReportContext& context = {});

// Reads `store_dir`/results.json and `store_dir`/history.jsonl and writes
// `store_dir`/report.html (via a temporary file and a rename). Returns what
// went wrong, naming the file ("<dir>/results.json:3:5: not valid JSON: ...").
// A missing or unreadable history does not stop the report: the page says so.
std::optional<std::string> write_report(const std::string& store_dir);
// The same from what the caller has read already (`faultline report`).
std::optional<std::string> write_report(const std::string& store_dir, const Json& results,
                                        const OpTable& history);

// The command that runs the test again with the same seed:
// "faultline run 'STORE/test.yaml' --seed 42" (a placeholder without a store).
std::string replay_command(const Json& results, const std::string& store_dir);

// Text safe in HTML element content and in quoted attribute values.
std::string html_escape(std::string_view text);

}  // namespace faultline
