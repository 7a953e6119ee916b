#include "tests/workloads/etcd_process.h"

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

#include "workloads/etcd_client.h"

namespace faultline {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
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

EtcdProcess::EtcdProcess() {
  // On tmpfs when there is one: etcd fsyncs every write, slow on some disks.
  const fs::path base = fs::is_directory("/dev/shm") ? "/dev/shm" : fs::temp_directory_path();
  std::string pattern = (base / "faultline-etcd-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  const std::string client = "http://127.0.0.1:" + std::to_string(client_port_);
  const std::string peer = "http://127.0.0.1:" + std::to_string(free_port());
  start({"etcd", "--name", "m1", "--data-dir", (dir_ / "data").string(), "--listen-client-urls",
         client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
         "--initial-advertise-peer-urls", peer, "--initial-cluster", "m1=" + peer});
}

EtcdProcess::~EtcdProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);  // a stopped process dies too
    waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

void EtcdProcess::pause() { kill(pid_, SIGSTOP); }

void EtcdProcess::resume() { kill(pid_, SIGCONT); }

std::string EtcdProcess::wait_until_serving(std::chrono::seconds limit) {
  EtcdClient client(endpoint());
  Op read;
  read.f = "read";
  read.key = "probe";
  const auto give_up = steady_clock::now() + limit;
  Completion last;
  while (steady_clock::now() < give_up) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      pid_ = -1;
      return "etcd exited at start; its log:\n" + log();
    }
    last = client.invoke(read, steady_clock::now() + milliseconds(500));
    if (last.type == OpType::kOk) return "";
    std::this_thread::sleep_for(milliseconds(50));
  }
  return "etcd did not serve a read within the limit (" + last.error.dump() + "); its log:\n" +
         log();
}

std::string EtcdProcess::log() const {
  std::ifstream in(dir_ / "etcd.log");
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > 4000 ? all.substr(all.size() - 4000) : all;
}

void EtcdProcess::start(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const int log_fd = open((dir_ / "etcd.log").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (log_fd < 0) throw std::runtime_error("cannot create etcd.log in " + dir_.string());
  pid_ = fork();
  if (pid_ == 0) {
    // The child dies with the test, even if the test crashes.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  close(log_fd);
  if (pid_ < 0) throw std::runtime_error("fork failed");
}

}  // namespace faultline
