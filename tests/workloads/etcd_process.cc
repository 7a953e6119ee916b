#include "tests/workloads/etcd_process.h"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "workloads/etcd_client.h"

namespace faultline {
namespace {

// Whether every thread of `pid` is stopped (state T in /proc/PID/task/*/stat).
bool all_threads_stopped(pid_t pid) {
  std::error_code error;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  for (const auto& task : std::filesystem::directory_iterator(tasks, error)) {
    std::ifstream stat(task.path() / "stat");
    std::string line;
    std::getline(stat, line);
    const size_t paren = line.rfind(')');  // the name may hold spaces and ')'
    if (paren == std::string::npos || paren + 2 >= line.size()) continue;  // thread gone
    if (line[paren + 2] != 'T') return false;
  }
  return !error;
}

}  // namespace

// kill() only queues the SIGSTOP: each thread stops when the kernel next runs
// it, and on a loaded machine a thread may still answer a request first (a
// test that expects no answer then sees one). Returns once all have stopped.
void EtcdProcess::pause() {
  kill(etcd_.pid(), SIGSTOP);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!all_threads_stopped(etcd_.pid()) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

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
