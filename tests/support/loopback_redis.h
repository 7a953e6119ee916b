// One redis-server on loopback for tests: a free port from the kernel, a
// fresh directory, nothing saved to disk, started as a child of the test and
// killed with it. Owned: the destructor kills it and removes the directory.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>

namespace faultline {

class LoopbackRedis {
 public:
  LoopbackRedis();  // throws std::runtime_error when it cannot start
  ~LoopbackRedis();
  LoopbackRedis(const LoopbackRedis&) = delete;
  LoopbackRedis& operator=(const LoopbackRedis&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }

  // Empty once it answers TIME; else why not, with its log.
  std::string wait_until_serving(std::chrono::seconds limit);

 private:
  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace faultline
