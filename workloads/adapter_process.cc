#include "workloads/adapter_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cerrno>
#include <system_error>
#include <thread>

namespace faultline {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr size_t kReadChunk = 64 * 1024;
constexpr size_t kStderrLinesKept = 5;
constexpr size_t kStderrLineLimit = 4096;  // a longer stderr line is passed on in pieces
constexpr milliseconds kExitGrace{200};    // for an adapter whose stdin was closed

std::string error_text(int error) { return std::generic_category().message(error); }

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

// Both ends close-on-exec from the start, so no other child inherits them.
Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw std::system_error(errno, std::generic_category(), "pipe2");
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// posix_spawn's attributes and file actions, destroyed on every path.
struct SpawnSetup {
  SpawnSetup() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnSetup() {
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
};

// The child gets its own process group (a timeout kills everything it
// started; a Ctrl-C at the terminal reaches faultline alone), an empty signal
// mask and default dispositions whatever this thread had, and no fd but its
// three pipes.
void prepare(SpawnSetup& setup, const Pipe& in, const Pipe& out, const Pipe& err,
             const std::string& working_dir) {
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int number : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP}) sigaddset(&defaults, number);
  posix_spawnattr_setflags(&setup.attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&setup.attr, 0);
  posix_spawnattr_setsigmask(&setup.attr, &none);
  posix_spawnattr_setsigdefault(&setup.attr, &defaults);
  posix_spawn_file_actions_adddup2(&setup.actions, in.read.get(), STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, out.write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&setup.actions, err.write.get(), STDERR_FILENO);
  posix_spawn_file_actions_addclosefrom_np(&setup.actions, 3);
  if (!working_dir.empty()) {
    posix_spawn_file_actions_addchdir_np(&setup.actions, working_dir.c_str());
  }
}

std::vector<char*> c_strings(const std::vector<std::string>& words) {
  std::vector<char*> out;
  for (const std::string& word : words) out.push_back(const_cast<char*>(word.c_str()));
  out.push_back(nullptr);
  return out;
}

std::string start_problem(const AdapterSpawn& spawn, int error) {
  const std::string& program = spawn.argv.front();
  if (error == ENOENT && program.find('/') == std::string::npos) {
    return "no program '" + program + "' on PATH";
  }
  return "cannot run '" + program + "': " + error_text(error);
}

std::string working_dir_problem(const std::string& dir) {
  if (dir.empty()) return "";
  struct stat info;
  if (::stat(dir.c_str(), &info) != 0) return "working directory " + dir + ": " + error_text(errno);
  if (!S_ISDIR(info.st_mode)) return "working directory " + dir + ": " + error_text(ENOTDIR);
  return "";
}

// poll() until `deadline`: the number of ready fds, 0 when the deadline passed.
int poll_until(pollfd* fds, nfds_t count, AdapterProcess::Deadline deadline) {
  while (true) {
    const auto left = deadline - steady_clock::now();
    if (left <= steady_clock::duration::zero()) return 0;
    // Rounded up, so poll never returns just before the deadline.
    const auto ms = std::chrono::ceil<milliseconds>(left).count();
    const int ready = ::poll(fds, count, static_cast<int>(std::min<int64_t>(ms, 60'000)));
    if (ready > 0) return ready;
    if (ready < 0 && errno != EINTR)
      throw std::system_error(errno, std::generic_category(), "poll");
  }
}

// Blocks SIGPIPE in this thread while writing to an adapter, so writing to
// one that exited is EPIPE instead of the end of faultline; a SIGPIPE raised
// meanwhile is consumed before the old mask comes back. Per thread: other
// threads' signal handling is left alone.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    pending_before_ = pending();
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &old_mask_);
  }
  ~SigpipeBlocked() {
    if (!pending_before_ && pending()) {
      const timespec now{};
      sigtimedwait(&sigpipe_, nullptr, &now);
    }
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

 private:
  static bool pending() {
    sigset_t set;
    return sigpending(&set) == 0 && sigismember(&set, SIGPIPE) == 1;
  }
  sigset_t sigpipe_;
  sigset_t old_mask_;
  bool pending_before_ = false;
};

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const char* name = sigabbrev_np(WTERMSIG(status));
    return "was killed by signal " + std::to_string(WTERMSIG(status)) +
           (name ? std::string(" (SIG") + name + ")" : "");
  }
  return "ended with wait status " + std::to_string(status);
}

}  // namespace

Result<std::unique_ptr<AdapterProcess>, std::string> AdapterProcess::start(
    const AdapterSpawn& spawn, LineSink stderr_sink) {
  if (spawn.argv.empty()) return std::string("the adapter command is empty");
  if (std::string problem = working_dir_problem(spawn.working_dir); !problem.empty()) {
    return problem;
  }
  Pipe in, out, err;
  try {
    in = make_pipe();
    out = make_pipe();
    err = make_pipe();
  } catch (const std::system_error& error) {  // out of fds, most likely
    return "cannot make its pipes: " + std::string(error.what());
  }
  SpawnSetup setup;
  prepare(setup, in, out, err, spawn.working_dir);
  std::vector<char*> argv = c_strings(spawn.argv);
  std::vector<char*> envp = c_strings(spawn.env);
  pid_t pid = -1;
  const int error =
      posix_spawnp(&pid, argv[0], &setup.actions, &setup.attr, argv.data(), envp.data());
  if (error != 0) return start_problem(spawn, error);
  for (const UniqueFd* ours : {&in.write, &out.read, &err.read}) set_nonblocking(ours->get());
  return std::unique_ptr<AdapterProcess>(new AdapterProcess(
      pid, std::move(in.write), std::move(out.read), std::move(err.read), std::move(stderr_sink)));
}

AdapterProcess::AdapterProcess(pid_t pid, UniqueFd in, UniqueFd out, UniqueFd err, LineSink sink)
    : pid_(pid),
      stdin_(std::move(in)),
      stdout_(std::move(out)),
      stderr_(std::move(err)),
      stderr_sink_(std::move(sink)) {}

AdapterProcess::~AdapterProcess() {
  if (reaped_) return;
  stdin_.reset();  // end of input: a well-behaved adapter exits now
  stdout_.reset();
  const auto give_up = steady_clock::now() + kExitGrace;
  while (!has_exited() && steady_clock::now() < give_up) {
    std::this_thread::sleep_for(milliseconds(2));
  }
  kill_group();  // whatever it started goes too
  reap(/*blocking=*/true);
  if (stderr_.valid()) drain_stderr();
  if (!err_buffer_.empty()) emit_stderr_line(std::exchange(err_buffer_, {}));
}

AdapterProcess::Written AdapterProcess::write(std::string_view text, Deadline deadline) {
  SigpipeBlocked blocked;
  Written written;
  while (written.bytes < text.size()) {
    const std::string_view rest = text.substr(written.bytes);
    const ssize_t n = ::write(stdin_.get(), rest.data(), rest.size());
    if (n > 0) {
      written.bytes += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN) return {Io::kClosed, written.bytes};  // EPIPE: no reader left
    pollfd fd{stdin_.get(), POLLOUT, 0};
    if (poll_until(&fd, 1, deadline) == 0) return {Io::kTimeout, written.bytes};
  }
  return written;
}

size_t AdapterProcess::unread_input() const {
  int bytes = 0;
  if (!stdin_.valid() || ::ioctl(stdin_.get(), FIONREAD, &bytes) != 0) return 0;
  return static_cast<size_t>(bytes);
}

AdapterProcess::Line AdapterProcess::read_line(Deadline deadline, size_t max_length) {
  char chunk[kReadChunk];
  size_t searched = 0;  // bytes known to hold no newline: a long line is scanned once
  while (true) {
    if (const size_t end = out_buffer_.find('\n', searched); end != std::string::npos) {
      Line line{Io::kDone, out_buffer_.substr(0, end)};
      out_buffer_.erase(0, end + 1);
      return line;
    }
    searched = out_buffer_.size();
    if (out_buffer_.size() >= max_length) return {Io::kDone, std::exchange(out_buffer_, {})};
    pollfd fds[2] = {{stdout_.get(), POLLIN, 0}, {stderr_.get(), POLLIN, 0}};
    if (poll_until(fds, 2, deadline) == 0) return {Io::kTimeout, ""};
    if (fds[1].revents != 0 && !drain_stderr()) stderr_.reset();
    if (fds[0].revents == 0) continue;
    const ssize_t n = ::read(stdout_.get(), chunk, sizeof chunk);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
      return {Io::kClosed, std::exchange(out_buffer_, {})};
    }
    if (n > 0) out_buffer_.append(chunk, static_cast<size_t>(n));
  }
}

std::string AdapterProcess::wait_exit(Deadline deadline) {
  bool exited = false;
  while (!(exited = has_exited()) && steady_clock::now() < deadline) {
    pollfd fd{stderr_.get(), POLLIN, 0};
    if (poll_until(&fd, 1, std::min(deadline, steady_clock::now() + milliseconds(5))) > 0 &&
        !drain_stderr()) {
      stderr_.reset();
    }
  }
  const std::string ended = kill_now();  // also whatever it started that still runs
  return exited ? ended : ended + " (killed: it closed its output but did not exit)";
}

std::string AdapterProcess::kill_now() {
  kill_group();
  std::string ended = reap(/*blocking=*/true);
  if (stderr_.valid()) drain_stderr();  // what it wrote last; never waits
  if (!err_buffer_.empty()) emit_stderr_line(std::exchange(err_buffer_, {}));
  return ended;
}

bool AdapterProcess::has_exited() const {
  if (reaped_) return true;
  siginfo_t info{};
  // WNOWAIT: not reaped, so its pid (and group id) cannot be reused before
  // the group is killed.
  return ::waitid(P_PID, pid_, &info, WEXITED | WNOHANG | WNOWAIT) != 0 || info.si_pid != 0;
}

bool AdapterProcess::drain_stderr() {
  char chunk[kReadChunk];
  while (true) {
    const ssize_t n = ::read(stderr_.get(), chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno == EAGAIN;
    if (n == 0) return false;
    err_buffer_.append(chunk, static_cast<size_t>(n));
    size_t end;
    while ((end = err_buffer_.find('\n')) != std::string::npos ||
           err_buffer_.size() >= kStderrLineLimit) {
      const size_t cut = end == std::string::npos ? kStderrLineLimit : end;
      std::string line = err_buffer_.substr(0, cut);
      err_buffer_.erase(0, end == std::string::npos ? cut : cut + 1);
      emit_stderr_line(std::move(line));
    }
  }
}

void AdapterProcess::emit_stderr_line(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (stderr_sink_) stderr_sink_(line);
  last_stderr_.push_back(std::move(line));
  if (last_stderr_.size() > kStderrLinesKept) last_stderr_.pop_front();
}

void AdapterProcess::kill_group() {
  if (reaped_) return;  // its pid may belong to someone else now
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);  // in case it left its group
}

std::string AdapterProcess::reap(bool blocking) {
  if (reaped_) return "";
  int status = 0;
  pid_t got;
  do {
    got = ::waitpid(pid_, &status, blocking ? 0 : WNOHANG);
  } while (got < 0 && errno == EINTR);
  if (got == 0) return "";
  reaped_ = true;
  if (got < 0) return "could not be waited for: " + error_text(errno);
  return describe_wait_status(status);
}

}  // namespace faultline
