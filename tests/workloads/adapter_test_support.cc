#include "tests/workloads/adapter_test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "checkers/linearizability.h"
#include "harness/history/history_reader.h"
#include "harness/runner/runner.h"
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

History expect_a_healthy_register_run(const ClientFactory& clients,
                                      const std::string& history_path) {
  GeneratorOptions options;
  options.concurrency = 4;
  options.rate = 150;
  options.time_limit_ns = 3'000'000'000;
  options.active_keys = 3;
  options.ops_per_key = 80;
  options.seed = 11;
  Generator generator(options, std::make_unique<RegisterWorkload>());
  auto writer = HistoryWriter::open(history_path, RunClock());
  EXPECT_TRUE(writer.ok());
  if (!writer.ok()) return {};
  const RunnerOptions runner{{"n1"}, std::chrono::seconds(3)};
  const RunSummary summary = run_workload(generator, clients, **writer, runner, {});
  EXPECT_EQ((*writer)->close(), std::nullopt);

  EXPECT_EQ(summary.reached, Phase::kDone);
  EXPECT_GT(summary.invoked, 200) << "about 150 ops/s for 3 s";
  EXPECT_EQ(summary.indeterminate, 0) << "a healthy database answers every op";
  EXPECT_GT(summary.failed, 0) << "some cas ops find another value";
  EXPECT_EQ(summary.client_errors, 0);
  auto history = read_history_file(history_path, HistoryFormat::kJsonl);
  EXPECT_TRUE(history.ok()) << history.error().message;
  if (!history.ok()) return {};
  int64_t reads_with_values = 0;
  for (const Op& op : history->ops) {
    if (op.type == OpType::kOk && op.f == "read" && op.value.is_number_integer()) {
      ++reads_with_values;
    }
  }
  EXPECT_GT(reads_with_values, 30) << "reads see the integers written";
  EXPECT_EQ(check_register(*history), Verdict::kValid);
  return std::move(*history);
}

}  // namespace faultline
