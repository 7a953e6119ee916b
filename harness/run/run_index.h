// The runs index, STORE/index.jsonl: one line per run (or per `analyze` of
// it), so a results browser lists 10,000 runs without opening 10,000 folders.
// Append-only: a later line for the same run folder supersedes an earlier one.
// Lines are appended with O_APPEND under an exclusive flock of
// STORE/.index.lock, one write each, so two runs ending at once never mix
// their lines. A damaged line is skipped with a warning naming file:line;
// rebuild_run_index() makes the file again from the run folders.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/result.h"
#include "harness/history/op.h"

namespace faultline {

inline constexpr const char* kRunIndexFile = "index.jsonl";

struct RunIndexEntry {
  std::string dir;  // the run folder relative to the store: "<test>/<timestamp>"
  std::string test;
  std::string seed;     // as written in results.json ("42"); empty when unknown
  std::string verdict;  // "valid" | "invalid" | "unknown" | "error"
  int exit_code = 2;
  std::string started;              // ISO 8601 UTC, as results.json "started"
  double seconds = -1;              // the run's length; -1 when it never finished
  std::vector<std::string> faults;  // the kinds of fault planned, each once, in plan order
  int64_t invoked = 0;
  int64_t ok = 0;
  int64_t failed = 0;
  int64_t info = 0;
  bool operator==(const RunIndexEntry&) const = default;
};

// The entry for the run in `dir` (relative to the store) from its results.json.
RunIndexEntry index_entry_of(const Json& results, const std::string& dir);
Json index_entry_to_json(const RunIndexEntry& entry);
// Nothing when `json` is not an entry (no "dir" string).
std::optional<RunIndexEntry> index_entry_from_json(const Json& json);

struct RunIndex {
  std::vector<RunIndexEntry> runs;    // one per run folder, newest first
  std::vector<std::string> warnings;  // "STORE/index.jsonl:7: not JSON (...); line skipped"
};

// Reads `index_path`: later lines supersede earlier ones for the same dir;
// runs sorted newest first (by start time, then folder). Damaged lines are
// warnings, never an error; the error is only that the file cannot be read.
Result<RunIndex, std::string> read_run_index(const std::string& index_path);
// The same, from text already read (`name` names it in warnings).
RunIndex parse_run_index(const std::string& text, const std::string& name);

// Appends `entry` to STORE/index.jsonl. When there is no index yet (a new
// store, or one made before the index), it is first made from the run
// folders, so it never lists only the runs that ended since. The error, if any.
std::optional<std::string> append_to_run_index(const std::string& store_root,
                                               const RunIndexEntry& entry);

// Adds the run in `run_dir` (STORE/<test>/<timestamp>, or a link to it such
// as STORE/latest) to its store's index. A folder that is not in a store (its
// grandparent has neither index.jsonl nor a `latest` link) is left alone:
// nothing is written outside a store. The error, if any.
std::optional<std::string> record_run_in_index(const std::string& run_dir, const Json& results);

// Makes STORE/index.jsonl again from every STORE/<test>/<timestamp>/results.json
// (the `latest` links are skipped) and replaces the old file atomically.
// Folders whose results.json cannot be read are warnings. Returns the index made.
Result<RunIndex, std::string> rebuild_run_index(const std::string& store_root);

}  // namespace faultline
