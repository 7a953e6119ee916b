// Writing the runs index: appends under a lock, and rebuilding it from the
// run folders (run_index.h).
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "harness/base/text_file.h"
#include "harness/base/unique_fd.h"
#include "harness/run/run_index.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

// Holds an exclusive lock on STORE/.index.lock while it lives: appends and
// rebuilds take it, so a rebuild never loses a line appended meanwhile.
class IndexLock {
 public:
  explicit IndexLock(const std::string& store_root)
      : path_(store_root + "/.index.lock"),
        fd_(::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_.get() < 0) {
      error_ = system_error("cannot open " + path_);
      return;
    }
    int rc;
    do rc = ::flock(fd_.get(), LOCK_EX);
    while (rc != 0 && errno == EINTR);
    if (rc != 0) error_ = system_error("cannot lock " + path_);
  }  // unlocked when fd_ closes

  const std::optional<std::string>& error() const { return error_; }

 private:
  std::string path_;
  UniqueFd fd_;
  std::optional<std::string> error_;
};

std::optional<std::string> append_locked(const std::string& index_path, const std::string& line) {
  UniqueFd fd(::open(index_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
  if (fd.get() < 0) return system_error("cannot open " + index_path);
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd.get(), line.data() + written, line.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return system_error("cannot append to " + index_path);
    written += static_cast<size_t>(n);
  }
  return std::nullopt;
}

std::string line_of(const RunIndexEntry& entry) {
  return index_entry_to_json(entry).dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
}

Result<RunIndex, std::string> rebuild_locked(const std::string& store_root);

bool is_real_directory(const fs::directory_entry& entry) {
  std::error_code ec;
  return !entry.is_symlink(ec) && entry.is_directory(ec);
}

}  // namespace

std::optional<std::string> append_to_run_index(const std::string& store_root,
                                               const RunIndexEntry& entry) {
  IndexLock lock(store_root);
  if (lock.error()) return lock.error();
  const std::string index_path = store_root + "/" + kRunIndexFile;
  std::error_code ec;
  if (!fs::exists(index_path, ec)) {
    // The first line of a store's index, or a store made before the index:
    // the index starts with every run already there, this one among them.
    Result<RunIndex, std::string> made = rebuild_locked(store_root);
    if (!made) return made.error();
    for (const RunIndexEntry& run : made->runs) {
      if (run == entry) return std::nullopt;  // read from its results.json already
    }
  }
  return append_locked(index_path, line_of(entry));
}

std::optional<std::string> record_run_in_index(const std::string& run_dir, const Json& results) {
  std::error_code ec;
  const fs::path dir = fs::canonical(run_dir, ec);
  if (ec) return "cannot find " + run_dir + ": " + ec.message();
  const fs::path root = dir.parent_path().parent_path();
  if (dir.parent_path() == root || root.empty()) return std::nullopt;
  const bool in_store = fs::exists(root / kRunIndexFile, ec) ||
                        fs::is_symlink(fs::symlink_status(root / "latest", ec));
  if (!in_store) return std::nullopt;
  const std::string relative = (dir.parent_path().filename() / dir.filename()).string();
  return append_to_run_index(root.string(), index_entry_of(results, relative));
}

Result<RunIndex, std::string> rebuild_run_index(const std::string& store_root) {
  std::error_code ec;
  if (!fs::is_directory(store_root, ec)) return store_root + ": not a folder";
  // Held from the scan to the rename: a run that ends meanwhile waits, then appends.
  IndexLock lock(store_root);
  if (lock.error()) return *lock.error();
  return rebuild_locked(store_root);
}

namespace {

Result<RunIndex, std::string> rebuild_locked(const std::string& store_root) {
  std::error_code ec;
  RunIndex index;
  std::string text;
  fs::directory_iterator tests(store_root, ec);
  if (ec) return "cannot read " + store_root + ": " + ec.message();
  for (const fs::directory_entry& test : tests) {
    if (!is_real_directory(test)) continue;
    fs::directory_iterator runs(test.path(), ec);
    if (ec) {
      index.warnings.push_back("cannot read " + test.path().string() + ": " + ec.message());
      continue;
    }
    for (const fs::directory_entry& run : runs) {
      if (!is_real_directory(run)) continue;
      const fs::path results_path = run.path() / "results.json";
      if (!fs::exists(results_path, ec)) continue;  // not a run folder
      Result<std::string, FileError> results_text = read_text_file(results_path.string());
      const Json results = results_text ? Json::parse(*results_text, nullptr, false)
                                        : Json(Json::value_t::discarded);
      if (!results.is_object()) {
        index.warnings.push_back(
            results_path.string() + ": " +
            (results_text ? "not a JSON object" : results_text.error().reason) +
            "; run left out of the index");
        continue;
      }
      const std::string relative = (test.path().filename() / run.path().filename()).string();
      index.runs.push_back(index_entry_of(results, relative));
    }
  }
  for (const RunIndexEntry& entry : index.runs) text += line_of(entry);
  if (auto error = write_file_atomically(store_root + "/" + kRunIndexFile, text)) return *error;
  RunIndex made = parse_run_index(text, store_root + "/" + kRunIndexFile);
  made.warnings.insert(made.warnings.begin(), index.warnings.begin(), index.warnings.end());
  return made;
}

}  // namespace

}  // namespace faultline
