// One etcd member on loopback for the etcd client's tests: the shared
// LoopbackEtcd (tests/support/loopback_etcd.h), plus pausing it and waiting
// until the etcd client itself can read. Needs /usr/bin/etcd.
#pragma once

#include <chrono>
#include <string>

#include "tests/support/loopback_etcd.h"

namespace faultline {

class EtcdProcess {
 public:
  std::string endpoint() const { return etcd_.endpoint(); }
  void pause();   // SIGSTOP
  void resume();  // SIGCONT
  // Empty once a linearizable read succeeds; else why not (with etcd's log).
  std::string wait_until_serving(std::chrono::seconds limit);
  std::string log() const { return etcd_.log(); }

 private:
  LoopbackEtcd etcd_;
};

}  // namespace faultline
