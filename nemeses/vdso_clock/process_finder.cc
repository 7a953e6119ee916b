#include "nemeses/vdso_clock/process_finder.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "nemeses/vdso_clock/tracee.h"

namespace faultline::vdso_clock {
namespace {

bool alive(pid_t pid) {
  const char state = process_state(pid);
  return state != 0 && state != 'Z' && state != 'X';
}

// The network namespace's inode, or 0 when it cannot be seen.
ino_t netns_of(const std::string& proc_entry) {
  struct stat st {};
  return stat((proc_entry + "/ns/net").c_str(), &st) == 0 ? st.st_ino : 0;
}

}  // namespace

std::vector<pid_t> processes_named(const std::string& name, bool own_netns) {
  const ino_t mine = own_netns ? netns_of("/proc/self") : 0;
  std::vector<pid_t> out;
  DIR* proc = opendir("/proc");
  if (!proc) return out;
  while (dirent* entry = readdir(proc)) {
    if (entry->d_name[0] < '1' || entry->d_name[0] > '9') continue;
    const std::string dir = std::string("/proc/") + entry->d_name;
    std::ifstream comm(dir + "/comm");
    std::string seen;
    if (!std::getline(comm, seen) || seen != name) continue;
    const pid_t pid = std::atoi(entry->d_name);
    if (own_netns && netns_of(dir) != mine) continue;
    if (alive(pid)) out.push_back(pid);
  }
  closedir(proc);
  std::sort(out.begin(), out.end());
  return out;
}

PidFromFile process_in_pid_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {0, "pid file " + path + " does not exist"};
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string digits;
  for (char c : text)
    if (c >= '0' && c <= '9') digits += c;
  const pid_t pid = digits.empty() || digits.size() > 9 ? 0 : std::atoi(digits.c_str());
  if (pid <= 0 || !alive(pid))
    return {0, "no process with the pid in " + path + " (" + (digits.empty() ? "empty" : digits) +
                   ") is running"};
  return {pid, ""};
}

}  // namespace faultline::vdso_clock
