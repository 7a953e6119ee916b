#include "tests/workloads/adapter_test_support.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "checkers/linearizability.h"
#include "workloads/register.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

// /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces and
// parentheses, so the fields are read after the last ')'.
struct StatFields {
  pid_t pid = 0;
  char state = '?';
  pid_t parent = 0;
  pid_t group = 0;
};

std::vector<StatFields> all_processes() {
  std::vector<StatFields> out;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator("/proc", error)) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "stat");
    std::string text;
    if (!std::getline(in, text)) continue;  // it has exited meanwhile
    const size_t close = text.rfind(')');
    if (close == std::string::npos) continue;
    StatFields fields;
    fields.pid = std::stoi(name);
    std::istringstream rest(text.substr(close + 1));
    rest >> fields.state >> fields.parent >> fields.group;
    out.push_back(fields);
  }
  return out;
}

}  // namespace

std::string test_adapter(const std::string& name) {
  return std::string(FAULTLINE_SOURCE_DIR) + "/tests/workloads/adapters/" + name;
}

std::function<void(const std::string&)> RecordedLog::sink() {
  return [this](const std::string& line) {
    std::lock_guard lock(mutex_);
    lines_.push_back(line);
  };
}

std::vector<std::string> RecordedLog::lines() const {
  std::lock_guard lock(mutex_);
  return lines_;
}

std::vector<std::string> RecordedLog::matching(const std::string& text) const {
  std::vector<std::string> out;
  for (const std::string& line : lines()) {
    if (line.find(text) != std::string::npos) out.push_back(line);
  }
  return out;
}

std::vector<ProcessEntry> children_of_this_process() {
  std::vector<ProcessEntry> out;
  for (const StatFields& process : all_processes()) {
    if (process.parent == getpid()) out.push_back({process.pid, process.state});
  }
  return out;
}

std::vector<pid_t> live_processes_in_group(pid_t group) {
  std::vector<pid_t> out;
  for (const StatFields& process : all_processes()) {
    if (process.group == group && process.state != 'Z') out.push_back(process.pid);
  }
  return out;
}

int open_fd_count() {
  int count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator("/proc/self/fd")) ++count;
  return count;
}

bool wait_until_stopped(pid_t pid) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < give_up) {
    bool all_stopped = true;
    for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
      std::ifstream in(task.path() / "stat");
      std::string text;
      std::getline(in, text);
      const size_t close = text.rfind(')');
      if (close == std::string::npos || text.substr(close + 2, 1) != "T") all_stopped = false;
    }
    if (all_stopped) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

Verdict check_register(const History& history) {
  CheckerChoice choice = register_checker();
  LinearizabilityOptions options;
  options.model = choice.model_options;
  options.time_limit_seconds = 60;
  return check_linearizability(history, *make_model(choice.model), options).verdict;
}

}  // namespace faultline
