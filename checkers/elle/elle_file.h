// The Elle checker on a JSON-lines history file, streamed: the file is read
// in parts (history_parts.h) and each op goes straight into the checker's
// compact table, so neither the file's text nor its ops are ever held whole
// (1M list-append txns: the table's ~600 MiB instead of ~3 GiB).
#pragma once

#include <cstddef>
#include <string>

#include "checkers/elle/elle_checker.h"
#include "harness/history/history_counts.h"
#include "harness/history/history_parts.h"

namespace faultline::elle {

// As check_elle() on the whole file; a file that cannot be read, or an op
// that is no txn, is the result's error (file:line:column). `counts`, when
// given, gets the file's op counts (history_counts.h).
ElleResult check_elle_file(const std::string& path, const ElleOptions& options,
                           size_t part_bytes = kHistoryPartBytes, HistoryCounts* counts = nullptr);

}  // namespace faultline::elle
