// STORE/index.jsonl, parsed once and read again only when the file changes
// (its size, time or inode), so each index page costs a filter and a page of
// rows, not a parse of 10,000 lines. Thread-safe: the server answers
// requests on several threads.
#pragma once

#include <sys/types.h>

#include <memory>
#include <mutex>
#include <string>

#include "harness/run/run_index.h"

namespace faultline {

class IndexCache {
 public:
  explicit IndexCache(std::string index_path);
  // The index as the file is now; a missing or unreadable file is an empty
  // index whose warning says how to make it.
  std::shared_ptr<const RunIndex> get();

 private:
  struct Stamp {
    bool exists = false;
    ino_t inode = 0;
    off_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const Stamp&) const = default;
  };
  Stamp stamp_now() const;

  const std::string path_;
  std::mutex mutex_;
  Stamp stamp_;
  std::shared_ptr<const RunIndex> index_;
};

}  // namespace faultline
