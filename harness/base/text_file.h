// Reading and writing whole text files, with errors that name the file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "harness/base/result.h"

namespace faultline {

// Why a file could not be read: the system's reason ("No such file or directory").
struct FileError {
  std::string reason;
  bool too_large = false;  // the file is larger than the reader's limit (it may be raised)
};

// The largest file read_text_file() takes unless told otherwise.
inline constexpr int64_t kDefaultMaxTextFileBytes = int64_t{64} << 20;

// Reads a whole file of at most `max_bytes`; the error is the reason ("No
// such file or directory", "is a directory", "is larger than ..."): callers
// name the file in their own way. A device (/dev/zero) is refused at once, a
// stream (a pipe) read up to the limit, so no input can exhaust memory.
Result<std::string, FileError> read_text_file(const std::string& path,
                                              int64_t max_bytes = kDefaultMaxTextFileBytes);

// "1.5 GiB", "64 MiB", "300 bytes": a size for messages.
std::string describe_size(int64_t bytes);

// Writes `text` to `path` atomically (a temporary file beside it with
// `mode`, fsync, rename), so a reader never sees half a file. Returns the
// error ("<file>: <reason>"), if any.
std::optional<std::string> write_file_atomically(
    const std::string& path, const std::string& text,
    std::filesystem::perms mode = std::filesystem::perms::owner_read |
                                  std::filesystem::perms::owner_write |
                                  std::filesystem::perms::group_read |
                                  std::filesystem::perms::others_read);

}  // namespace faultline
