#include "harness/history/history_parts.h"

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string_view>
#include <thread>
#include <vector>

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

// A piece of the file cut at a line end, and what a worker made of it.
struct Piece {
  std::string text;
  int64_t newlines = 0;
  std::optional<Parsed<History>> parsed;  // set by a worker, under the queue's lock
};

// Parses pieces on worker threads while the caller reads on, and gives them
// back in file order: reading the next pieces overlaps with whatever the
// caller's sink does with this one (a 10M-op history is 300 pieces).
class PieceQueue {
 public:
  PieceQueue(const std::string& path, size_t workers) : path_(path) {
    for (size_t i = 0; i < workers; ++i)
      workers_.emplace_back([this](std::stop_token stop) { work(stop); });
  }
  ~PieceQueue() {
    for (std::jthread& worker : workers_) worker.request_stop();
    wake_.notify_all();
  }  // the jthreads join here, before the members they use go

  void submit(std::string&& text) {
    auto piece = std::make_shared<Piece>();
    piece->text = std::move(text);
    std::lock_guard lock(mutex_);
    todo_.push_back(piece);
    in_order_.push_back(std::move(piece));
    wake_.notify_all();
  }
  size_t waiting() const { return in_order_.size(); }

  // The oldest piece not yet handed over, once it is parsed.
  std::shared_ptr<Piece> next() {
    std::unique_lock lock(mutex_);
    done_.wait(lock, [&] { return in_order_.front()->parsed.has_value(); });
    std::shared_ptr<Piece> piece = std::move(in_order_.front());
    in_order_.pop_front();
    return piece;
  }

 private:
  void work(std::stop_token stop) {
    while (true) {
      std::shared_ptr<Piece> piece;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, stop, [&] { return !todo_.empty(); });
        if (stop.stop_requested()) return;
        piece = std::move(todo_.front());
        todo_.pop_front();
      }
      const std::string_view text = piece->text;
      const auto newlines = static_cast<int64_t>(std::count(text.begin(), text.end(), '\n'));
      // Ops without an index are numbered in file order by the caller.
      Parsed<History> parsed =
          read_history_text(text, path_, HistoryFormat::kJsonl, OpNumbering::kLeaveUnnumbered);
      std::string().swap(piece->text);
      std::lock_guard lock(mutex_);
      piece->newlines = newlines;
      piece->parsed = std::move(parsed);
      done_.notify_all();
    }
  }

  const std::string& path_;
  std::mutex mutex_;
  std::condition_variable_any wake_;  // a piece to parse, or stop
  std::condition_variable done_;      // a piece was parsed
  std::deque<std::shared_ptr<Piece>> todo_, in_order_;
  std::vector<std::jthread> workers_;  // last: joined first
};

size_t worker_count() { return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8); }

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

std::optional<SourceError> read_jsonl_history_in_parts(const std::string& path, size_t part_bytes,
                                                       const HistoryPartSink& sink) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return file_error(path, "is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return file_error(path, std::strerror(errno));
  part_bytes = std::max<size_t>(part_bytes, 1);
  const size_t workers = worker_count();
  PieceQueue queue(path, workers);
  int64_t lines_before = 0, ops_before = 0;
  // Hands the oldest piece over to the sink, its lines and indexes counted
  // from the file's start.
  auto hand_over = [&]() -> std::optional<SourceError> {
    std::shared_ptr<Piece> piece = queue.next();
    Parsed<History>& part = *piece->parsed;
    if (!part) {
      SourceError e = part.error();
      if (e.where.line > 0) e.where.line += lines_before;
      return e;
    }
    shift_lines(*part, lines_before);
    for (Op& op : part->ops) {
      if (op.index < 0) op.index = ops_before;
      ++ops_before;
    }
    lines_before += piece->newlines;
    part->source = path;
    return sink(std::move(*part));
  };
  std::string buffer;  // the text read and not yet queued: whole lines, then a started one
  bool at_end = false;
  while (!at_end) {
    const size_t kept = buffer.size();
    buffer.resize(kept + part_bytes);
    in.read(buffer.data() + kept, static_cast<std::streamsize>(part_bytes));
    buffer.resize(kept + static_cast<size_t>(in.gcount()));
    if (in.bad()) return file_error(path, std::strerror(errno));
    at_end = in.eof();
    // Queue whole lines only; the last piece takes whatever is left.
    const size_t newline = buffer.rfind('\n');
    const size_t cut = at_end ? buffer.size() : newline == std::string::npos ? 0 : newline + 1;
    if (cut == 0 && !at_end) {
      if (buffer.size() > kMaxHistoryLineBytes) {
        // Pieces before it may hold an error of their own, which comes first.
        while (queue.waiting() > 0)
          if (std::optional<SourceError> stop = hand_over()) return stop;
        return SourceError{{path, lines_before + 1, 1},
                           "a line longer than " + std::to_string(kMaxHistoryLineBytes >> 20) +
                               " MiB: not a history of JSON lines"};
      }
      continue;  // one line longer than a part: read on
    }
    std::string rest(buffer, cut);
    buffer.resize(cut);
    if (!buffer.empty()) queue.submit(std::move(buffer));
    buffer = std::move(rest);
    // Enough pieces ahead to keep every worker busy, few enough to bound memory.
    while (queue.waiting() > workers + 1)
      if (std::optional<SourceError> stop = hand_over()) return stop;
  }
  while (queue.waiting() > 0)
    if (std::optional<SourceError> stop = hand_over()) return stop;
  return std::nullopt;
}

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
            return std::optional<SourceError>(SourceError{
                {path, op.source_line, 1},
                "more than " + std::to_string(OpTable::kMaxRows) + " ops in one history"});
        }
        std::move(part.notes.begin(), part.notes.end(), std::back_inserter(table.notes));
        return std::optional<SourceError>();
      });
  if (stop) return *stop;
  return table;
}

}  // namespace faultline
