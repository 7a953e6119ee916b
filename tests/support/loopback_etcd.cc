#include "tests/support/loopback_etcd.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

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

pid_t start_logged(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (log_fd < 0) throw std::runtime_error("cannot create " + log.string());
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // dies with the test, even if the test crashes
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  if (pid < 0) throw std::runtime_error("fork failed");
  return pid;
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
  if (pid_ > 0) {
    kill(pid_, SIGKILL);  // a stopped process dies too
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string LoopbackEtcd::endpoint() const { return "127.0.0.1:" + std::to_string(client_port_); }

std::string LoopbackEtcd::wait_until_serving(const std::function<bool()>& serving,
                                             std::chrono::seconds limit) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < give_up) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return "etcd exited at start; its log:\n" + log();
    }
    if (serving()) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return "etcd did not serve within the limit; its log:\n" + log();
}

std::string LoopbackEtcd::log() const {
  std::ifstream in(dir_ / "etcd.log");
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > 4000 ? all.substr(all.size() - 4000) : all;
}

}  // namespace faultline
