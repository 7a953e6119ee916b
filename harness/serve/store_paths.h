// Which file in the store a request names. The one gate between a URL and the
// file system: every path `faultline serve` opens comes from here. A request
// path is refused when it holds a NUL byte, a backslash, or a `.` or `..`
// part, and whatever it names is resolved with realpath (every symlink
// followed) and must still lie inside the store: a link in the store that
// points elsewhere is refused like `..`.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "harness/base/result.h"

namespace faultline {

struct StorePath {
  std::filesystem::path path;  // absolute, every link resolved, inside the store
  bool is_directory = false;
};

struct PathRefusal {
  int status = 404;    // 400 a malformed path, 403 outside the store, 404 nothing there
  std::string reason;  // for the page and the log; never the resolved path outside the store
};

// `store_root` is the store's canonical path (std::filesystem::canonical);
// `relative` is the request's path below the store, already percent-decoded
// once (as the HTTP server hands it; it is never decoded again, so
// "%252e%252e" names a file called "%2e%2e"). "" is the store itself.
Result<StorePath, PathRefusal> resolve_store_path(const std::filesystem::path& store_root,
                                                  std::string_view relative);

}  // namespace faultline
