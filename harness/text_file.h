// Reading and writing whole text files, with errors that name the file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "harness/result.h"

namespace faultline {

// Why a file could not be read: the system's reason ("No such file or directory").
struct FileError {
  std::string reason;
};

// Reads a whole file; the error is the system's reason ("No such file or
// directory"): callers name the file in their own way.
Result<std::string, FileError> read_text_file(const std::string& path);

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
