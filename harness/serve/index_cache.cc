#include "harness/serve/index_cache.h"

#include <sys/stat.h>

namespace faultline {

IndexCache::IndexCache(std::string index_path) : path_(std::move(index_path)) {}

IndexCache::Stamp IndexCache::stamp_now() const {
  struct stat info {};
  if (::stat(path_.c_str(), &info) != 0) return Stamp{};
  return Stamp{true, info.st_ino, info.st_size,
               int64_t{info.st_mtim.tv_sec} * 1'000'000'000 + info.st_mtim.tv_nsec};
}

std::shared_ptr<const RunIndex> IndexCache::get() {
  std::lock_guard lock(mutex_);
  const Stamp now = stamp_now();
  if (index_ && now == stamp_) return index_;
  auto fresh = std::make_shared<RunIndex>();
  if (!now.exists) {
    fresh->warnings.push_back(path_ +
                              " does not exist yet: `faultline serve --reindex` makes it "
                              "from the run folders (each run adds itself)");
  } else if (Result<RunIndex, std::string> read = read_run_index(path_)) {
    *fresh = std::move(*read);
  } else {
    fresh->warnings.push_back(read.error());
  }
  stamp_ = now;
  index_ = std::move(fresh);
  return index_;
}

}  // namespace faultline
