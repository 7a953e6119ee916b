#include "harness/history/history_parts.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>

#include "harness/history/history_reader.h"

namespace faultline {
namespace {

// Moves a part's line numbers (counted from the part's first line) to the file's.
void shift_lines(History& part, int64_t lines_before) {
  for (Op& op : part.ops) op.source_line += lines_before;
  for (HistoryNote& note : part.notes) {
    if (note.where.line > 0) note.where.line += lines_before;
  }
}

SourceError file_error(const std::string& path, const std::string& reason) {
  return SourceError{{path, 0, 0}, "cannot read history file: " + reason};
}

}  // namespace

std::optional<SourceError> read_jsonl_history_in_parts(const std::string& path, size_t part_bytes,
                                                       const HistoryPartSink& sink) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return file_error(path, "is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return file_error(path, std::strerror(errno));
  part_bytes = std::max<size_t>(part_bytes, 1);
  std::string buffer;  // the text read and not yet handed over: whole lines, then a started one
  int64_t lines_before = 0, ops_before = 0;
  bool at_end = false;
  while (!at_end) {
    const size_t kept = buffer.size();
    buffer.resize(kept + part_bytes);
    in.read(buffer.data() + kept, static_cast<std::streamsize>(part_bytes));
    buffer.resize(kept + static_cast<size_t>(in.gcount()));
    if (in.bad()) return file_error(path, std::strerror(errno));
    at_end = in.eof();
    // Hand over whole lines only; the last part takes whatever is left.
    const size_t newline = buffer.rfind('\n');
    size_t cut = at_end ? buffer.size() : newline == std::string::npos ? 0 : newline + 1;
    if (cut == 0 && !at_end) {
      if (buffer.size() > kMaxHistoryLineBytes) {
        return SourceError{{path, lines_before + 1, 1},
                           "a line longer than " + std::to_string(kMaxHistoryLineBytes >> 20) +
                               " MiB: not a history of JSON lines"};
      }
      continue;  // one line longer than a part: read on
    }
    const std::string_view text(buffer.data(), cut);
    Parsed<History> part = read_history_text(text, path, HistoryFormat::kJsonl, ops_before);
    if (!part) {
      SourceError e = part.error();
      if (e.where.line > 0) e.where.line += lines_before;
      return e;
    }
    shift_lines(*part, lines_before);
    lines_before += static_cast<int64_t>(std::count(text.begin(), text.end(), '\n'));
    ops_before += static_cast<int64_t>(part->ops.size());
    part->source = path;
    if (std::optional<SourceError> stop = sink(std::move(*part))) return stop;
    buffer.erase(0, cut);
  }
  return std::nullopt;
}

namespace {

// Room for the whole file's ops, guessed from its first part's ops per byte:
// growing by doubling would hold two copies at the peak. (An op's line is
// tens of bytes: tiny parts must not guess more.)
size_t guess_ops(const std::string& path, size_t part_ops, size_t part_bytes) {
  std::error_code error;
  const uintmax_t file_bytes = std::filesystem::file_size(path, error);
  if (error || part_bytes >= file_bytes) return 0;
  const double ops_per_byte =
      std::min(static_cast<double>(part_ops) / static_cast<double>(part_bytes), 1.0 / 32);
  return static_cast<size_t>(ops_per_byte * static_cast<double>(file_bytes) * 1.02) + 16;
}

}  // namespace

Parsed<History> read_jsonl_history_file(const std::string& path, size_t part_bytes) {
  History history;
  history.source = path;
  bool first = true;
  std::optional<SourceError> stop =
      read_jsonl_history_in_parts(path, part_bytes, [&](History&& part) {
        if (first) history.ops.reserve(guess_ops(path, part.ops.size(), part_bytes));
        first = false;
        std::move(part.ops.begin(), part.ops.end(), std::back_inserter(history.ops));
        std::move(part.notes.begin(), part.notes.end(), std::back_inserter(history.notes));
        return std::optional<SourceError>();
      });
  if (stop) return *stop;
  return history;
}

Parsed<OpTable> read_jsonl_op_table(const std::string& path, size_t part_bytes) {
  OpTable table;
  table.source = path;
  bool first = true;
  std::optional<SourceError> stop =
      read_jsonl_history_in_parts(path, part_bytes, [&](History&& part) {
        if (first) table.reserve(guess_ops(path, part.ops.size(), part_bytes));
        first = false;
        for (Op& op : part.ops) {
          if (!table.append(std::move(op)))
            return std::optional<SourceError>(
                SourceError{{path, op.source_line, 1},
                            "more than " + std::to_string(OpTable::kMaxRows) + " ops in one history"});
        }
        std::vector<Op>().swap(part.ops);
        std::move(part.notes.begin(), part.notes.end(), std::back_inserter(table.notes));
        return std::optional<SourceError>();
      });
  if (stop) return *stop;
  return table;
}

}  // namespace faultline
