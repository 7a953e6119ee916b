// Reads a JSON-lines history file in parts of about `part_bytes`, cut at line
// ends, and hands each part's ops over in order, so a consumer that keeps
// only what it needs (the Elle checker's compact table) never holds the
// whole file or every op at once. Each part is read as
// read_history_text() reads a whole file (the same errors and notes), with
// line numbers and op indexes counted from the file's start. Parts are
// parsed on one thread per core while the sink takes the ones before.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "harness/base/source_error.h"
#include "harness/history/history.h"
#include "harness/history/op_table.h"

namespace faultline {

// Called with each part's ops (and notes) in file order; an error it returns
// stops the reading and is returned.
using HistoryPartSink = std::function<std::optional<SourceError>(History&& part)>;

// A line longer than this is refused (a file with no line ends at all, or
// a device, would otherwise be read into memory whole).
inline constexpr size_t kMaxHistoryLineBytes = size_t{256} << 20;

std::optional<SourceError> read_jsonl_history_in_parts(const std::string& path, size_t part_bytes,
                                                       const HistoryPartSink& sink);

// The part size to read with: small next to the ops it becomes (a few
// parts are in flight at once), big enough that handing it over is rare.
inline constexpr size_t kHistoryPartBytes = size_t{8} << 20;

// The whole history of a JSON-lines file, read in parts: the same History,
// errors and notes as read_history_file(path, kJsonl), but the file's text is
// never held whole (a 10M-op history is over 2 GB of text), so there is no
// limit on the file's size but the memory its ops take.
Parsed<History> read_jsonl_history_file(const std::string& path,
                                        size_t part_bytes = kHistoryPartBytes);

// The same history in a compact table (op_table.h): each part's ops are
// moved into it as they are read, so a 10M-op history takes about 28 bytes
// an op instead of 250.
Parsed<OpTable> read_jsonl_op_table(const std::string& path, size_t part_bytes = kHistoryPartBytes);

}  // namespace faultline
