#include "tests/support/logged_child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace faultline {

namespace {

pid_t start_child(const std::vector<std::string>& args, const std::filesystem::path& log,
                  bool detached) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (log_fd < 0) throw std::runtime_error("cannot create " + log.string());
  const pid_t pid = fork();
  if (pid == 0) {
    if (detached) {
      setsid();
      const int null_fd = open("/dev/null", O_RDONLY);
      dup2(null_fd, STDIN_FILENO);
    } else {
      prctl(PR_SET_PDEATHSIG, SIGKILL);  // dies with the test, even if the test crashes
    }
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

pid_t start_logged(const std::vector<std::string>& args, const std::filesystem::path& log) {
  return start_child(args, log, /*detached=*/false);
}

pid_t start_detached(const std::vector<std::string>& args, const std::filesystem::path& log) {
  return start_child(args, log, /*detached=*/true);
}

void stop_logged(pid_t pid) {
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
}

std::string wait_until_serving(pid_t* pid, const std::string& name,
                               const std::function<bool()>& serving, std::chrono::seconds limit) {
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < give_up) {
    if (waitpid(*pid, nullptr, WNOHANG) == *pid) {
      *pid = -1;
      return name + " exited at start";
    }
    if (serving()) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return name + " did not serve within the limit";
}

std::string log_tail(const std::filesystem::path& log, size_t max_bytes) {
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > max_bytes ? all.substr(all.size() - max_bytes) : all;
}

}  // namespace faultline
