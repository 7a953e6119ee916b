// The pages `faultline serve` draws: the index of runs (newest first,
// filtered by test and verdict through the query string, a page at a time so
// 10,000 runs draw fast) and a run folder's file list. Plain HTML forms and
// links, no script; every value from the store is escaped. Pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/run/run_index.h"

namespace faultline {

inline constexpr int kRunsPerPage = 100;

struct IndexQuery {
  std::string test;     // "" all tests
  std::string verdict;  // "" all verdicts
  int64_t page = 1;     // 1-based
};

// From the query string's parameters; a page that is not a positive number is page 1.
IndexQuery index_query_of(const std::multimap<std::string, std::string>& params);

// "?test=...&verdict=...&page=N" for a link: only the parts that are set, each encoded.
std::string index_query_string(const IndexQuery& query);

// Percent-encodes every byte but A-Z a-z 0-9 - . _ ~ (and '/' when `keep_slashes`).
std::string url_encode(std::string_view text, bool keep_slashes = false);

// "1 h 2 min", "61.5 s", "—" for an unknown length.
std::string duration_text(double seconds);

// The whole index page. `store` names the store for the heading; `warnings`
// (damaged index lines) are listed above the table.
std::string render_index_page(const RunIndex& index, const IndexQuery& query,
                              const std::string& store);

struct FolderEntry {
  std::string name;
  bool is_directory = false;
  int64_t bytes = 0;
};

// A folder of the store: its files with links, `relative` its path in the
// store ("etcd/20261201T093000Z"), `entries` sorted by the caller.
std::string render_folder_page(const std::string& relative,
                               const std::vector<FolderEntry>& entries);

// A short page for an error status (404, 403, ...), `reason` escaped.
std::string render_error_page(int status, const std::string& reason);

}  // namespace faultline
