#include "harness/serve/store_paths.h"

#include <sys/stat.h>

namespace faultline {
namespace {

namespace fs = std::filesystem;

// True when `path` is `root` or below it, part by part (so /store2 is not in /store).
bool lies_within(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

PathRefusal refuse(int status, std::string reason) {
  return PathRefusal{status, std::move(reason)};
}

}  // namespace

Result<StorePath, PathRefusal> resolve_store_path(const fs::path& store_root,
                                                  std::string_view relative) {
  if (relative.find('\0') != std::string_view::npos)
    return refuse(400, "the path holds a NUL byte");
  if (relative.find('\\') != std::string_view::npos)
    return refuse(400, "the path holds a backslash");
  fs::path path = store_root;
  size_t begin = 0;
  while (begin <= relative.size()) {
    size_t end = relative.find('/', begin);
    if (end == std::string_view::npos) end = relative.size();
    const std::string_view part = relative.substr(begin, end - begin);
    begin = end + 1;
    if (part.empty()) continue;  // "//" and a leading or trailing "/"
    if (part == "." || part == "..") return refuse(400, "the path holds a '.' or '..' part");
    path /= std::string(part);
  }
  std::error_code ec;
  const fs::path real = fs::canonical(path, ec);
  if (ec) return refuse(404, "no such file in the store");
  if (!lies_within(real, store_root)) return refuse(403, "the path leads outside the store");
  struct stat info {};
  if (::stat(real.c_str(), &info) != 0) return refuse(404, "no such file in the store");
  if (!S_ISDIR(info.st_mode) && !S_ISREG(info.st_mode)) {
    return refuse(403, "not a regular file or folder");
  }
  return StorePath{real, S_ISDIR(info.st_mode)};
}

}  // namespace faultline
