// Streams a run's history to a JSON-lines file (docs/history-format.md) while
// the run goes on, so a crash loses at most the last moments, and memory does
// not grow with the length of the run.
//
// Any thread (client workers, the nemesis) calls append(): the op gets the
// next index and, unless it has one, the time on the run clock, both under one
// lock, so index order is the order ops happened in. A writer thread takes
// everything queued in one batch, turns it into JSON lines and writes it with
// one write() at least every `flush_interval`, or sooner when a batch is full.
// The queue is bounded: append() waits when the disk cannot keep up, so a slow
// disk slows the run instead of filling memory. close() writes the rest and
// fsyncs.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "harness/history/op.h"
#include "harness/base/result.h"
#include "harness/runner/run_clock.h"

namespace faultline {

struct HistoryWriterOptions {
  size_t queue_capacity = 1 << 16;  // ops waiting to be written before append() waits
  size_t batch_size = 1 << 12;      // wake the writer thread at this many queued ops
  std::chrono::milliseconds flush_interval{100};
};

// The index and time an op was given.
struct OpStamp {
  int64_t index = -1;
  int64_t time_ns = -1;
};

class HistoryWriter {
 public:
  // Creates or truncates `path` and starts the writer thread. The error names
  // the file and the system's reason.
  static Result<std::unique_ptr<HistoryWriter>, std::string> open(
      const std::string& path, RunClock clock, HistoryWriterOptions options = {});

  HistoryWriter(const HistoryWriter&) = delete;
  HistoryWriter& operator=(const HistoryWriter&) = delete;
  ~HistoryWriter();  // close(), ignoring its error

  // Queues `op` for the file with the next index, and the current time when
  // op.time_ns is -1. Thread-safe; waits while the queue is full. Throws
  // std::logic_error after close().
  OpStamp append(Op op);

  // Writes what is queued, fsyncs and closes the file. Returns the first
  // write error ("history.jsonl: No space left on device"), if any.
  // Idempotent; thread-safe.
  std::optional<std::string> close();

  int64_t appended() const;  // ops appended so far
  const std::string& path() const { return path_; }
  const RunClock& clock() const { return clock_; }

 private:
  HistoryWriter(std::string path, int fd, RunClock clock, HistoryWriterOptions options);
  void write_loop();
  void write_batch(const std::vector<Op>& batch, std::string* buffer);

  const std::string path_;
  const int fd_;
  const RunClock clock_;
  const HistoryWriterOptions options_;

  mutable std::mutex mutex_;
  std::condition_variable has_work_;  // the writer thread waits on it
  std::condition_variable has_room_;  // append() waits on it when the queue is full
  std::vector<Op> pending_;           // guarded by mutex_
  int64_t next_index_ = 0;            // guarded by mutex_
  bool closing_ = false;              // guarded by mutex_

  std::mutex close_mutex_;             // one close() at a time
  bool closed_ = false;                // guarded by close_mutex_
  std::optional<std::string> result_;  // close()'s answer; guarded by close_mutex_

  std::optional<std::string> write_error_;  // the writer thread's only
  std::thread writer_;
};

}  // namespace faultline
