#include "nemeses/vdso_clock/tracee.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace faultline::vdso_clock {
namespace {

std::string errno_text() { return std::strerror(errno); }

bool fail(Failure* failure, std::string what) {
  failure->what = std::move(what);
  return false;
}

std::string thread_name(pid_t pid, pid_t thread) {
  return "process " + std::to_string(pid) +
         (thread == pid ? "" : " thread " + std::to_string(thread));
}

// /proc/PID/stat after the command name (which may hold spaces and parentheses).
std::vector<std::string> stat_fields(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields;
  for (std::string f; rest >> f;) fields.push_back(f);
  return fields;  // fields[0] is field 3 (state)
}

}  // namespace

std::vector<pid_t> list_threads(pid_t pid) {
  std::vector<pid_t> out;
  DIR* dir = opendir(("/proc/" + std::to_string(pid) + "/task").c_str());
  if (!dir) return out;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9') out.push_back(std::atoi(entry->d_name));
  }
  closedir(dir);
  std::sort(out.begin(), out.end());
  return out;
}

char process_state(pid_t pid) {
  std::vector<std::string> fields = stat_fields(pid);
  return fields.empty() || fields[0].empty() ? 0 : fields[0][0];
}

uint64_t start_time(pid_t pid) {
  std::vector<std::string> fields = stat_fields(pid);
  return fields.size() > 19 ? std::stoull(fields[19]) : 0;
}

bool vdso_range(pid_t pid, uint64_t* begin, uint64_t* end, Failure* failure) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  if (!maps) return fail(failure, "process " + std::to_string(pid) + " is not running");
  for (std::string line; std::getline(maps, line);) {
    if (line.find("[vdso]") == std::string::npos) continue;
    if (std::sscanf(line.c_str(), "%lx-%lx", begin, end) == 2) return true;
  }
  return fail(failure, "process " + std::to_string(pid) + " has no vDSO mapped");
}

Tracee::Tracee(pid_t pid) : pid_(pid) {}

std::unique_ptr<Tracee> Tracee::attach(pid_t pid, Failure* failure) {
  std::unique_ptr<Tracee> tracee(new Tracee(pid));
  tracee->was_stopped_ = process_state(pid) == 'T';
  tracee->mem_fd_ = open(("/proc/" + std::to_string(pid) + "/mem").c_str(), O_RDWR | O_CLOEXEC);
  if (tracee->mem_fd_ < 0) {
    fail(failure, "cannot open the memory of process " + std::to_string(pid) + ": " + errno_text() +
                      (errno == ENOENT ? " (it is not running)" : ""));
    return nullptr;
  }
  if (!tracee->seize_all(failure)) return nullptr;
  return tracee;
}

bool Tracee::seize_all(Failure* failure) {
  // Threads started while we attach are found by listing again until none is new.
  for (bool found_new = true; found_new;) {
    found_new = false;
    for (pid_t thread : list_threads(pid_)) {
      if (std::find(threads_.begin(), threads_.end(), thread) != threads_.end()) continue;
      found_new = true;
      if (!seize(thread, failure)) return false;
    }
  }
  if (threads_.empty()) return fail(failure, "process " + std::to_string(pid_) + " is not running");
  auto main = std::find(threads_.begin(), threads_.end(), pid_);
  if (main != threads_.end()) std::iter_swap(threads_.begin(), main);
  return true;
}

bool Tracee::seize(pid_t thread, Failure* failure) {
  if (ptrace(PTRACE_SEIZE, thread, nullptr, nullptr) != 0) {
    if (errno == ESRCH) return true;  // it ended meanwhile
    return fail(failure,
                "cannot trace " + thread_name(pid_, thread) + ": " + errno_text() +
                    (errno == EPERM ? " (faultline needs root, and no debugger on it)" : ""));
  }
  if (ptrace(PTRACE_INTERRUPT, thread, nullptr, nullptr) != 0) return true;  // ended
  for (;;) {
    int status = 0;
    if (waitpid(thread, &status, __WALL) < 0 || !WIFSTOPPED(status)) return true;  // ended
    if ((status >> 16) == PTRACE_EVENT_STOP) {
      threads_.push_back(thread);
      return true;
    }
    // A signal on its way in: keep it for detach, and wait for the interrupt stop.
    kept_signals_[thread].push_back(WSTOPSIG(status));
    if (ptrace(PTRACE_CONT, thread, nullptr, nullptr) != 0) return true;
  }
}

Tracee::~Tracee() {
  for (pid_t thread : threads_) {
    std::vector<int>& kept = kept_signals_[thread];
    const int first = kept.empty() ? 0 : kept.front();
    ptrace(PTRACE_DETACH, thread, nullptr, reinterpret_cast<void*>(static_cast<intptr_t>(first)));
    for (size_t i = 1; i < kept.size(); ++i) syscall(SYS_tgkill, pid_, thread, kept[i]);
  }
  if (was_stopped_) kill(pid_, SIGSTOP);
  if (mem_fd_ >= 0) close(mem_fd_);
}

bool Tracee::read(uint64_t address, size_t size, std::vector<uint8_t>* out,
                  Failure* failure) const {
  out->assign(size, 0);
  ssize_t n = pread(mem_fd_, out->data(), size, static_cast<off_t>(address));
  if (n == static_cast<ssize_t>(size)) return true;
  return fail(failure, "cannot read " + std::to_string(size) + " bytes at 0x" +
                           (std::ostringstream() << std::hex << address).str() + " in process " +
                           std::to_string(pid_) + ": " + (n < 0 ? errno_text() : "short read"));
}

bool Tracee::write(uint64_t address, const std::vector<uint8_t>& bytes, Failure* failure) const {
  ssize_t n = pwrite(mem_fd_, bytes.data(), bytes.size(), static_cast<off_t>(address));
  if (n == static_cast<ssize_t>(bytes.size())) return true;
  return fail(failure, "cannot write " + std::to_string(bytes.size()) + " bytes at 0x" +
                           (std::ostringstream() << std::hex << address).str() + " in process " +
                           std::to_string(pid_) + ": " + (n < 0 ? errno_text() : "short write"));
}

bool Tracee::registers(pid_t thread, user_regs_struct* regs, Failure* failure) const {
  if (ptrace(PTRACE_GETREGS, thread, nullptr, regs) == 0) return true;
  return fail(failure,
              "cannot read the registers of " + thread_name(pid_, thread) + ": " + errno_text());
}

bool Tracee::set_registers(pid_t thread, const user_regs_struct& regs, Failure* failure) const {
  if (ptrace(PTRACE_SETREGS, thread, nullptr, &regs) == 0) return true;
  return fail(failure,
              "cannot set the registers of " + thread_name(pid_, thread) + ": " + errno_text());
}

bool Tracee::run_until_trap(pid_t thread, bool single_step, Failure* failure) {
  for (int stops = 0; stops < 1000; ++stops) {
    if (ptrace(single_step ? PTRACE_SINGLESTEP : PTRACE_CONT, thread, nullptr, nullptr) != 0)
      return fail(failure, "cannot resume " + thread_name(pid_, thread) + ": " + errno_text());
    int status = 0;
    if (waitpid(thread, &status, __WALL) < 0)
      return fail(failure, "lost " + thread_name(pid_, thread) + ": " + errno_text());
    if (!WIFSTOPPED(status))
      return fail(failure, thread_name(pid_, thread) + " ended while faultline ran code in it");
    const int event = status >> 16;
    if (WSTOPSIG(status) == SIGTRAP && event == 0) return true;
    if (event == 0) kept_signals_[thread].push_back(WSTOPSIG(status));
  }
  return fail(failure, thread_name(pid_, thread) + " did not reach the trap");
}

bool Tracee::step_out_of(uint64_t begin, uint64_t end, Failure* failure) {
  for (pid_t thread : threads_) {
    for (int steps = 0;; ++steps) {
      user_regs_struct regs;
      if (!registers(thread, &regs, failure)) return false;
      if (regs.rip < begin || regs.rip >= end) break;
      if (steps == 1000)
        return fail(failure, thread_name(pid_, thread) + " stays inside the code to replace");
      if (!run_until_trap(thread, true, failure)) return false;
    }
  }
  return true;
}

}  // namespace faultline::vdso_clock
