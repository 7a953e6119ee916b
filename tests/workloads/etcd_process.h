// One etcd member on loopback for integration tests: started as a child
// process on ports the kernel chose, in a fresh data directory (on /dev/shm
// when there is one); the owner kills it and removes the directory, even when
// a test fails. Needs /usr/bin/etcd (scripts/setup.sh installs it).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace faultline {

// A port on 127.0.0.1 that was free a moment ago (the kernel's choice for 0).
int free_port();

class EtcdProcess {
 public:
  EtcdProcess();
  ~EtcdProcess();
  EtcdProcess(const EtcdProcess&) = delete;
  EtcdProcess& operator=(const EtcdProcess&) = delete;

  std::string endpoint() const { return "127.0.0.1:" + std::to_string(client_port_); }
  void pause();   // SIGSTOP
  void resume();  // SIGCONT

  // Empty once a linearizable read succeeds; else why not (with etcd's log).
  std::string wait_until_serving(std::chrono::seconds limit);
  // The tail of etcd's log.
  std::string log() const;

 private:
  void start(const std::vector<std::string>& args);

  std::filesystem::path dir_;
  int client_port_ = free_port();
  pid_t pid_ = -1;
};

}  // namespace faultline
