#include "harness/runner/history_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "harness/history/op_json.h"

namespace faultline {
namespace {

std::string system_error(const std::string& path, const std::string& doing) {
  return path + ": " + doing + ": " + std::strerror(errno);
}

// Writes all of `data`, retrying short writes and interrupted calls.
bool write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<HistoryWriter>, std::string> HistoryWriter::open(
    const std::string& path, RunClock clock, HistoryWriterOptions options) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return system_error(path, "cannot create the history file (is its folder writable?)");
  }
  return std::unique_ptr<HistoryWriter>(new HistoryWriter(path, fd, clock, options));
}

HistoryWriter::HistoryWriter(std::string path, int fd, RunClock clock, HistoryWriterOptions options)
    : path_(std::move(path)), fd_(fd), clock_(clock), options_(options) {
  pending_.reserve(options_.batch_size);
  writer_ = std::thread([this] { write_loop(); });
}

HistoryWriter::~HistoryWriter() { close(); }

OpStamp HistoryWriter::append(Op op) {
  std::unique_lock lock(mutex_);
  has_room_.wait(lock, [&] { return pending_.size() < options_.queue_capacity || closing_; });
  if (closing_) throw std::logic_error("HistoryWriter::append after close: " + path_);
  op.index = next_index_++;
  if (op.time_ns == -1) op.time_ns = clock_.now_ns();
  const OpStamp stamp{op.index, op.time_ns};
  pending_.push_back(std::move(op));
  if (pending_.size() == options_.batch_size) has_work_.notify_one();
  return stamp;
}

int64_t HistoryWriter::appended() const {
  std::lock_guard lock(mutex_);
  return next_index_;
}

void HistoryWriter::write_loop() {
  std::vector<Op> batch;
  batch.reserve(options_.batch_size);
  std::string buffer;
  for (;;) {
    bool last = false;
    {
      std::unique_lock lock(mutex_);
      has_work_.wait_for(lock, options_.flush_interval,
                         [&] { return pending_.size() >= options_.batch_size || closing_; });
      batch.swap(pending_);
      last = closing_;
    }
    has_room_.notify_all();
    // Serialising outside the lock lets the workers go on appending meanwhile.
    write_batch(batch, &buffer);
    batch.clear();
    if (last) return;
  }
}

void HistoryWriter::write_batch(const std::vector<Op>& batch, std::string* buffer) {
  if (batch.empty() || write_error_) return;  // after an error, drop: the file is broken
  buffer->clear();
  for (const Op& op : batch) {
    *buffer += op_to_jsonl(op);
    *buffer += '\n';
  }
  if (!write_all(fd_, *buffer)) write_error_ = system_error(path_, "cannot write the history");
}

std::optional<std::string> HistoryWriter::close() {
  std::lock_guard close_lock(close_mutex_);
  if (closed_) return result_;
  {
    std::lock_guard lock(mutex_);
    closing_ = true;
  }
  has_work_.notify_one();
  has_room_.notify_all();
  writer_.join();
  result_ = write_error_;
  if (::fsync(fd_) != 0 && !result_) result_ = system_error(path_, "cannot sync the history");
  if (::close(fd_) != 0 && !result_) result_ = system_error(path_, "cannot close the history");
  closed_ = true;
  return result_;
}

}  // namespace faultline
