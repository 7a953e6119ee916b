// A file descriptor, owned: closed when the owner goes.
#pragma once

#include <unistd.h>

#include <utility>

namespace faultline {

class AdapterFd {
 public:
  AdapterFd() = default;
  explicit AdapterFd(int fd) : fd_(fd) {}
  ~AdapterFd() { reset(); }
  AdapterFd(AdapterFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  AdapterFd& operator=(AdapterFd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  AdapterFd(const AdapterFd&) = delete;
  AdapterFd& operator=(const AdapterFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

}  // namespace faultline
