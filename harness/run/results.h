// results.json (docs/store.md): built from plain pieces as the run goes, so
// what is known is stored even when a later step fails, and finished with
// the checkers' outcomes and the verdict. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/config/test_file.h"
#include "harness/history/op.h"
#include "harness/runner/runner.h"
#include "nemeses/nemesis_runner.h"
#include "workloads/check_history.h"

namespace faultline {

inline constexpr int kExitHarnessFailed = 255;

// "etcd", "etcd, linearizable reads", "adapter: python3 a.py" ...
std::string describe_db(const DbConfig& db);
std::string describe_client(const ClientConfig& client);

// The skeleton: test name, seed, config, verdict "unknown" until checked.
Json initial_results(const TestFile& test, uint64_t seed, const std::string& started);
Json nodes_json(const std::vector<std::string>& names,
                const std::map<std::string, std::string>& addresses);
Json run_summary_json(const RunSummary& summary);
Json nemesis_json(const Plan& plan, const NemesisReport& report);

// Sets "checkers", "verdict", "valid" and "exit_code" from the checkers'
// outcomes and the harness errors already in results["errors"]: a harness
// error without a checker saying invalid makes the verdict "error" (exit
// 255); invalid always wins (the evidence stands whatever else failed); an
// run that checks valid is unknown when anything in verdict_limits() limits
// it, saying which in "unknown_because" ("; " between reasons). An interrupted run with "interrupt_signal" exits 128 +
// it unless invalid.
void set_verdict(Json& results, const std::vector<CheckOutcome>& outcomes);

// "exit_code" = 128 + "interrupt_signal" for an interrupted run, unless it
// is 1 (invalid); nothing when the run was not interrupted by a signal.
void apply_interrupt_exit_code(Json& results);

// The nemesis's errors in results: faults that could not be applied or healed.
std::vector<std::string> fault_errors(const Json& results);

// Adds a harness error ("db: n2: start: ...") to results["errors"].
void add_error(Json& results, const std::string& error);

// Why a valid check cannot vouch for the run, in words: interrupted, each of
// results["verdict_limits"], fault errors. Empty when nothing limits it.
std::vector<std::string> verdict_limits(const Json& results);

// Adds to results["verdict_limits"] a reason why the check cannot vouch for
// the run ("ops are missing from history.jsonl"): a verdict that would be
// valid is unknown instead (invalid stays invalid: what was seen was seen).
void limit_verdict(Json& results, const std::string& reason);

// Written keys that no final read saw (`unread`, of `written_keys`) can hide
// a lost write: adds a note naming them to results["notes"] and, when no
// written key was read at all (the check saw nothing to vouch for), limits
// the verdict. Returns the note (for the log); nothing when none is unread.
std::optional<std::string> note_unread_keys(Json& results, const std::vector<std::string>& unread,
                                            int64_t written_keys);

// The verdict word people read: VALID, INVALID, UNKNOWN, ERROR.
std::string verdict_headline(const Json& results);

}  // namespace faultline
