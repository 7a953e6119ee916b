#include "harness/base/text_file.h"

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

namespace {

// Closes the fd when it goes out of scope.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

FileError too_large(int64_t max_bytes) {
  return FileError{"is larger than the limit of " + describe_size(max_bytes), true};
}

}  // namespace

Result<std::string, FileError> read_text_file(const std::string& path, int64_t max_bytes) {
  Fd file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return FileError{std::strerror(errno)};
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) return FileError{std::strerror(errno)};
  if (S_ISDIR(info.st_mode)) return FileError{"is a directory, not a file"};
  if (S_ISCHR(info.st_mode) || S_ISBLK(info.st_mode)) {
    return FileError{"is a device, not a file"};
  }
  if (S_ISREG(info.st_mode) && info.st_size > max_bytes) {
    return FileError{"is " + describe_size(info.st_size) + ", larger than the limit of " +
                         describe_size(max_bytes),
                     true};
  }
  std::string text;
  if (S_ISREG(info.st_mode)) text.reserve(static_cast<size_t>(info.st_size));
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return FileError{std::strerror(errno)};
    if (n == 0) return text;
    if (static_cast<int64_t>(text.size()) + n > max_bytes) return too_large(max_bytes);
    text.append(buffer, static_cast<size_t>(n));
  }
}

std::string describe_size(int64_t bytes) {
  constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  double size = static_cast<double>(bytes);
  int unit = -1;
  while (size >= 1024 && unit < 3) {
    size /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, size < 10 ? "%.1f %s" : "%.0f %s", size, kUnits[unit]);
  return text;
}

}  // namespace faultline
