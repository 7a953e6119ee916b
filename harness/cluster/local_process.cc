#include "harness/cluster/local_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <vector>

// clang-format off
#include <utility>  // before Boost.Asio 1.74, whose awaitable.hpp uses std::exchange without it
#include <boost/asio.hpp>
#include <boost/process.hpp>
#include <boost/process/extend.hpp>
// clang-format on

#include "harness/remote/shell.h"

namespace faultline {
namespace {

namespace asio = boost::asio;
namespace bp = boost::process;

// After a timeout kills the process group, output already in the pipes is still collected for
// this long; then the pipes are closed even if a process that left the group holds them open.
constexpr std::chrono::milliseconds kKillGrace{300};
// Once the output is closed the child is polled for its exit, backing off up to this interval.
constexpr std::chrono::milliseconds kMaxExitPoll{20};
constexpr size_t kReadChunk = 64 * 1024;

// Runs in the child between fork and exec, so only async-signal-safe calls.
void prepare_child() {
  ::setpgid(0, 0);
  // The calling thread may block signals (a signal-handling thread design); the program must not
  // inherit that, nor ignored dispositions.
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  for (int number : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP}) ::signal(number, SIG_DFL);
  // Other threads may be starting children too: descriptors they hold must not leak into ours.
  ::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
}

// Boost.Process 1.74 returns no child when exec fails and never reaps it. With the handlers used
// here, an error after a successful fork can only be that failed exec, so the pid is ours to reap.
void reap_failed_exec(pid_t pid) {
  if (pid <= 0) return;  // the fork itself failed
  while (::waitpid(pid, nullptr, 0) == -1 && errno == EINTR) {
  }
}

void set_cloexec(int fd) { ::fcntl(fd, F_SETFD, FD_CLOEXEC); }

std::string error_text(int error) { return std::generic_category().message(error); }

CommandResult failure(int exit_status, std::string message) {
  CommandResult result;
  result.exit_status = exit_status;
  result.err = "faultline: " + message;
  return result;
}

// Blocks SIGPIPE in the calling thread while it feeds a child's stdin, so a child that exits
// without reading turns the write into EPIPE instead of killing faultline. A SIGPIPE raised
// meanwhile is consumed before the old mask is restored.
class SigpipeBlock {
 public:
  SigpipeBlock() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    was_pending_ = pending();
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &old_mask_);
  }
  ~SigpipeBlock() {
    if (!was_pending_ && pending()) {
      timespec no_wait{};
      sigtimedwait(&sigpipe_, nullptr, &no_wait);
    }
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  bool pending() const {
    sigset_t set;
    return sigpending(&set) == 0 && sigismember(&set, SIGPIPE) == 1;
  }
  sigset_t sigpipe_;
  sigset_t old_mask_;
  bool was_pending_ = false;
};

// What to execute: the program's path, its arguments, its environment.
struct Plan {
  std::string program;  // as given, for messages
  boost::filesystem::path exe;
  std::vector<std::string> args;
  bp::environment env;
};

std::vector<std::string> full_argv(const Command& command, bool sudo) {
  std::vector<std::string> argv;
  if (sudo) {
    argv = {"sudo", "-n", "--"};
    // sudo resets the environment; `env` re-adds the command's variables after it.
    if (!command.env.empty()) argv.push_back("env");
    for (const auto& [name, value] : command.env) argv.push_back(name + "=" + value);
  }
  if (command.script) {
    argv.insert(argv.end(), {"/bin/sh", "-c", *command.script});
  } else {
    argv.insert(argv.end(), command.argv.begin(), command.argv.end());
  }
  return argv;
}

std::string search_path_of(const Command& command) {
  auto it = command.env.find("PATH");
  if (it != command.env.end()) return it->second;
  const char* inherited = std::getenv("PATH");
  return inherited ? inherited : "/usr/local/bin:/usr/bin:/bin";
}

// The program's path; empty when it is not on PATH. A name with a slash is used as it is.
boost::filesystem::path find_program(const std::string& name, const std::string& search_path) {
  if (name.find('/') != std::string::npos) return name;
  std::vector<boost::filesystem::path> dirs;
  size_t start = 0;
  while (true) {
    size_t end = search_path.find(':', start);
    std::string dir = search_path.substr(start, end - start);
    dirs.emplace_back(dir.empty() ? "." : dir);  // an empty entry means the current directory
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return bp::search_path(name, dirs);
}

Plan make_plan(const Command& command) {
  bool sudo = command.sudo && ::geteuid() != 0;
  std::vector<std::string> argv = full_argv(command, sudo);
  Plan plan;
  plan.program = argv.front();
  plan.exe = find_program(argv.front(), search_path_of(command));
  plan.args.assign(argv.begin() + 1, argv.end());
  plan.env = bp::environment(boost::this_process::environment());
  if (!sudo) {
    // set(), not operator[]: Boost 1.74's environment lookup reads past short entries.
    for (const auto& [name, value] : command.env) plan.env.set(name, value);
  }
  return plan;
}

// A message when `cwd` cannot be the child's working directory; empty when it can.
std::string check_cwd(const std::string& cwd) {
  if (cwd.empty()) return "";
  struct stat info;
  if (::stat(cwd.c_str(), &info) != 0) return "cd: " + cwd + ": " + error_text(errno);
  if (!S_ISDIR(info.st_mode)) return "cd: " + cwd + ": " + error_text(ENOTDIR);
  return "";
}

CommandResult launch_failure(const std::string& program, const std::error_code& error) {
  if (error.value() == ENOENT) return failure(127, program + ": command not found");
  return failure(126, program + ": " + error.message());
}

int decode_wait_status(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

// The pipes of one child, made before it starts.
struct Pipes {
  explicit Pipes(asio::io_context& io) : in(io), out(io), err(io) {
    for (bp::async_pipe* pipe : {&in, &out, &err}) {
      set_cloexec(pipe->native_source());
      set_cloexec(pipe->native_sink());
    }
  }
  bp::async_pipe in;
  bp::async_pipe out;
  bp::async_pipe err;
};

bp::child start_child(const Plan& plan, const std::string& cwd, Pipes& pipes,
                      std::error_code& error) {
  auto start = [&](auto&&... extra) {
    return bp::child(
        bp::exe = plan.exe, bp::args = plan.args, plan.env, (bp::std_in < pipes.in),
        (bp::std_out > pipes.out), (bp::std_err > pipes.err), extra...,
        bp::extend::on_exec_setup = [](auto&) { prepare_child(); },
        bp::extend::on_error = [](auto& exec, auto&) { reap_failed_exec(exec.pid); }, error);
  };
  bp::child child = cwd.empty() ? start() : start(bp::start_dir = cwd);
  // Also set the group from this side, so a timeout that comes before the child runs
  // prepare_child() still finds the group. Fails harmlessly once the child has exec'd.
  if (!error) ::setpgid(child.id(), child.id());
  return child;
}

// The I/O of one running child, all on one io_context driven by the calling thread: drains
// stdout and stderr, feeds stdin, enforces the deadline, and reaps the child once its output is
// closed.
class Session {
 public:
  Session(asio::io_context& io, bp::child& child, Pipes& pipes, CommandResult& result)
      : child_(child), pipes_(pipes), result_(result), deadline_(io), grace_(io), poll_(io) {}

  void start(const std::string& input, std::chrono::milliseconds timeout) {
    read(pipes_.out, out_buffer_, result_.out);
    read(pipes_.err, err_buffer_, result_.err);
    write(input);
    deadline_.expires_after(std::max(timeout, std::chrono::milliseconds(0)));
    deadline_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) on_deadline();
    });
  }

 private:
  void read(bp::async_pipe& pipe, std::vector<char>& buffer, std::string& sink) {
    buffer.resize(kReadChunk);
    pipe.async_read_some(asio::buffer(buffer), [this, &pipe, &buffer, &sink](
                                                   const boost::system::error_code& ec, size_t n) {
      sink.append(buffer.data(), n);
      if (ec) return stream_done();  // EOF, or closed after a timeout
      read(pipe, buffer, sink);
    });
  }

  void write(const std::string& input) {
    if (input.empty()) return close_input();
    asio::async_write(pipes_.in, asio::buffer(input),
                      [this](const boost::system::error_code&, size_t) { close_input(); });
  }

  void close_input() {
    boost::system::error_code ignored;
    pipes_.in.close(ignored);  // the child sees end of input
    stream_done();
  }

  void stream_done() {
    if (--open_streams_ == 0) check_exit(std::chrono::milliseconds(1));
  }

  void check_exit(std::chrono::milliseconds next_delay) {
    std::error_code ignored;
    if (!child_.running(ignored)) {
      exited_ = true;
      deadline_.cancel();
      grace_.cancel();
      return;
    }
    poll_.expires_after(next_delay);
    poll_.async_wait([this, next_delay](const boost::system::error_code& ec) {
      if (!ec) check_exit(std::min(next_delay * 2, kMaxExitPoll));
    });
  }

  void on_deadline() {
    if (exited_) return;  // reaped just as the deadline fired: the pid may be reused already
    result_.timed_out = true;
    ::kill(-child_.id(), SIGKILL);
    ::kill(child_.id(), SIGKILL);  // in case it left its group
    grace_.expires_after(kKillGrace);
    grace_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) close_pipes();
    });
  }

  void close_pipes() {
    boost::system::error_code ignored;
    for (bp::async_pipe* pipe : {&pipes_.in, &pipes_.out, &pipes_.err}) pipe->close(ignored);
  }

  bp::child& child_;
  Pipes& pipes_;
  CommandResult& result_;
  asio::steady_timer deadline_;
  asio::steady_timer grace_;
  asio::steady_timer poll_;
  std::vector<char> out_buffer_;
  std::vector<char> err_buffer_;
  int open_streams_ = 3;  // stdin, stdout, stderr
  bool exited_ = false;
};

// On any exit path (an exception included) nothing of the child outlives run_local().
class ChildReaper {
 public:
  explicit ChildReaper(bp::child& child) : child_(child) {}
  ~ChildReaper() {
    std::error_code ignored;
    if (child_.valid() && child_.running(ignored)) {
      ::kill(-child_.id(), SIGKILL);
      child_.terminate(ignored);
    }
  }
  ChildReaper(const ChildReaper&) = delete;
  ChildReaper& operator=(const ChildReaper&) = delete;

 private:
  bp::child& child_;
};

CommandResult run_plan(const Plan& plan, const Command& command) {
  asio::io_context io;
  Pipes pipes(io);
  std::error_code error;
  bp::child child = start_child(plan, command.cwd, pipes, error);
  if (error) return launch_failure(plan.program, error);
  ChildReaper reaper(child);
  CommandResult result;
  Session session(io, child, pipes, result);
  {
    SigpipeBlock block_sigpipe;
    session.start(command.stdin_data, command.timeout);
    io.run();
  }
  result.exit_status = result.timed_out ? -1 : decode_wait_status(child.native_exit_code());
  return result;
}

}  // namespace

CommandResult run_local(const Command& command) {
  check_command(command);
  if (std::string problem = check_cwd(command.cwd); !problem.empty()) return failure(1, problem);
  Plan plan = make_plan(command);
  if (plan.exe.empty()) return failure(127, plan.program + ": command not found");
  return run_plan(plan, command);
}

}  // namespace faultline
