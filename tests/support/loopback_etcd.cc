#include "tests/support/loopback_etcd.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

#include "tests/support/logged_child.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

fs::path make_data_dir() {
  // etcd fsyncs every write: slow on some disks, so tmpfs when there is one.
  const fs::path base = fs::is_directory("/dev/shm") ? "/dev/shm" : fs::temp_directory_path();
  std::string pattern = (base / "faultline-etcd-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

}  // namespace

int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  auto* raw = reinterpret_cast<sockaddr*>(&address);
  const bool ok =
      fd >= 0 && bind(fd, raw, sizeof address) == 0 && getsockname(fd, raw, &length) == 0;
  if (fd >= 0) close(fd);
  if (!ok) throw std::runtime_error("cannot bind a port on 127.0.0.1");
  return ntohs(address.sin_port);
}

LoopbackEtcd::LoopbackEtcd() : dir_(make_data_dir()), client_port_(free_loopback_port()) {
  const std::string client = "http://" + endpoint();
  const std::string peer = "http://127.0.0.1:" + std::to_string(free_loopback_port());
  pid_ = start_logged(
      {"etcd", "--name", "m1", "--data-dir", (dir_ / "data").string(), "--listen-client-urls",
       client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
       "--initial-advertise-peer-urls", peer, "--initial-cluster", "m1=" + peer},
      dir_ / "etcd.log");
}

LoopbackEtcd::~LoopbackEtcd() {
  if (pid_ > 0) stop_logged(pid_);
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string LoopbackEtcd::endpoint() const { return "127.0.0.1:" + std::to_string(client_port_); }

std::string LoopbackEtcd::wait_until_serving(const std::function<bool()>& serving,
                                             std::chrono::seconds limit) {
  const std::string problem = faultline::wait_until_serving(&pid_, "etcd", serving, limit);
  return problem.empty() ? "" : problem + "; its log:\n" + log();
}

std::string LoopbackEtcd::log() const { return log_tail(dir_ / "etcd.log"); }

}  // namespace faultline
