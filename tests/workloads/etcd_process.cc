#include "tests/workloads/etcd_process.h"

#include <signal.h>

#include "workloads/etcd_client.h"

namespace faultline {

void EtcdProcess::pause() { kill(etcd_.pid(), SIGSTOP); }

void EtcdProcess::resume() { kill(etcd_.pid(), SIGCONT); }

std::string EtcdProcess::wait_until_serving(std::chrono::seconds limit) {
  EtcdClient client(endpoint());
  Op read;
  read.f = "read";
  read.key = "probe";
  return etcd_.wait_until_serving(
      [&] {
        auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
        return client.invoke(read, deadline).type == OpType::kOk;
      },
      limit);
}

}  // namespace faultline
