#include "harness/run/store.h"

#include <ctime>
#include <filesystem>
#include <system_error>

namespace faultline {
namespace {

namespace fs = std::filesystem;

std::string format_utc(std::chrono::system_clock::time_point when, const char* format) {
  const std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, format, &tm);
  return buffer;
}

// Points `link` at `target` (relative), replacing what was there: a new link
// is made beside it and renamed over the old one, so the link never vanishes.
std::optional<std::string> point_link(const fs::path& link, const fs::path& target) {
  const fs::path fresh = link.string() + ".new";
  std::error_code ec;
  fs::remove(fresh, ec);
  fs::create_directory_symlink(target, fresh, ec);
  if (!ec) fs::rename(fresh, link, ec);
  if (ec) return link.string() + ": " + ec.message();
  return std::nullopt;
}

}  // namespace

std::string store_timestamp(std::chrono::system_clock::time_point when) {
  return format_utc(when, "%Y%m%dT%H%M%SZ");
}

std::string iso_utc(std::chrono::system_clock::time_point when) {
  return format_utc(when, "%Y-%m-%dT%H:%M:%SZ");
}

Result<StoreDir, std::string> make_store_dir(const std::string& root, const std::string& test,
                                             std::chrono::system_clock::time_point when) {
  const fs::path test_dir = fs::path(root) / test;
  std::error_code ec;
  fs::create_directories(test_dir, ec);
  if (ec) return "cannot make " + test_dir.string() + ": " + ec.message();
  const std::string stamp = store_timestamp(when);
  fs::path dir;
  for (int n = 0;; ++n) {
    dir = test_dir / (n == 0 ? stamp : stamp + "-" + std::to_string(n));
    if (fs::create_directory(dir, ec)) break;
    if (ec) return "cannot make " + dir.string() + ": " + ec.message();
  }
  fs::create_directory(dir / "nodes", ec);
  if (ec) return "cannot make " + (dir / "nodes").string() + ": " + ec.message();
  StoreDir store{root, dir.string(), ""};
  for (auto e : {point_link(test_dir / "latest", dir.filename()),
                 point_link(fs::path(root) / "latest", fs::path(test) / dir.filename())}) {
    if (e) store.warning += (store.warning.empty() ? "cannot update " : "; ") + *e;
  }
  return store;
}

}  // namespace faultline
