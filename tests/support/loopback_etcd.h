// One etcd member on loopback for tests: free ports from the kernel, a fresh
// data directory (on tmpfs when there is one), started as a child of the test
// and killed with it. Owned: the destructor kills it and removes the
// directory. Adapted from tests/workloads/etcd_integration_test.cc so that
// other tests can share it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

namespace faultline {

// A port on 127.0.0.1 that was free a moment ago (the kernel's choice for 0).
int free_loopback_port();

class LoopbackEtcd {
 public:
  LoopbackEtcd();  // throws std::runtime_error when it cannot start
  ~LoopbackEtcd();
  LoopbackEtcd(const LoopbackEtcd&) = delete;
  LoopbackEtcd& operator=(const LoopbackEtcd&) = delete;

  std::string endpoint() const;  // "127.0.0.1:PORT"
  pid_t pid() const { return pid_; }

  // Empty once `serving` says yes (it is asked every 50 ms); else why not,
  // with etcd's log.
  std::string wait_until_serving(const std::function<bool()>& serving, std::chrono::seconds limit);
  std::string log() const;  // the end of etcd's log

 private:
  std::filesystem::path dir_;
  int client_port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace faultline
