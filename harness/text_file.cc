#include "harness/text_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace faultline {

std::optional<std::string> write_file_atomically(const std::string& path, const std::string& text,
                                                 std::filesystem::perms mode) {
  // Beside the file (so rename() is atomic), and of this process alone.
  const std::string temporary = path + ".tmp" + std::to_string(::getpid());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                        static_cast<mode_t>(mode));
  if (fd < 0) return temporary + ": " + std::strerror(errno);
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string error = temporary + ": " + std::strerror(errno);
      ::close(fd);
      ::unlink(temporary.c_str());
      return error;
    }
    written += static_cast<size_t>(n);
  }
  // The mode exactly (open() applies the umask).
  const bool synced = ::fchmod(fd, static_cast<mode_t>(mode)) == 0 && ::fsync(fd) == 0;
  const int sync_errno = errno;
  ::close(fd);
  if (!synced) {
    ::unlink(temporary.c_str());
    return temporary + ": " + std::strerror(sync_errno);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string error = path + ": " + std::strerror(errno);
    ::unlink(temporary.c_str());
    return error;
  }
  return std::nullopt;
}

Result<std::string, FileError> read_text_file(const std::string& path) {
  // An ifstream opens a directory and reads nothing from it.
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) return FileError{"is a directory, not a file"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return FileError{std::strerror(errno)};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return FileError{"read failed"};
  return text.str();
}

}  // namespace faultline
