#include "harness/cluster/local_cluster_host.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "harness/base/text_file.h"
#include "harness/cluster/local_process.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;

Command host_command(std::vector<std::string> argv, std::string input) {
  Command command = Command::of(std::move(argv));
  command.stdin_data = std::move(input);
  command.timeout = std::chrono::milliseconds(30'000);
  return command;
}

std::string first_word(const std::string& line) {
  std::istringstream in(line);
  std::string word;
  in >> word;
  return word;
}

}  // namespace

CommandResult run_on_host(std::vector<std::string> argv, std::string input) {
  return run_local(host_command(std::move(argv), std::move(input)));
}

std::string run_on_host_checked(std::vector<std::string> argv, std::string input) {
  const Command command = host_command(std::move(argv), std::move(input));
  const CommandResult result = run_local(command);
  if (result.ok()) return "";
  std::string what =
      result.timed_out ? "timed out" : "failed (exit " + std::to_string(result.exit_status) + ")";
  return "`" + command.describe() + "` " + what + ": " + result.tail();
}

std::string read_file_or_empty(const std::string& path) {
  Result<std::string, FileError> text = read_text_file(path);
  return text ? *text : "";
}

std::string write_text_file(const std::string& path, const std::string& text, fs::perms mode) {
  std::optional<std::string> error = write_file_atomically(path, text, mode);
  return error ? "cannot write " + *error : "";
}

std::string log_tail(const std::string& path) {
  std::string text = read_file_or_empty(path);
  if (text.size() > 400) text = "..." + text.substr(text.size() - 400);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text.empty() ? "(empty)" : text;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

std::string join_names(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool contains_name(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

std::string in_parallel(size_t n, const std::function<std::string(size_t)>& work) {
  std::vector<std::string> errors(n);
  {
    std::vector<std::jthread> threads;  // joined when this scope ends
    for (size_t i = 0; i < n; ++i) threads.emplace_back([&, i] { errors[i] = work(i); });
  }
  for (const std::string& e : errors) {
    if (!e.empty()) return e;
  }
  return "";
}

std::vector<std::string> existing_netns() {
  std::vector<std::string> names;
  for (const std::string& line : lines_of(run_on_host({"ip", "netns", "list"}).out)) {
    names.push_back(first_word(line));
  }
  return names;
}

std::vector<std::string> existing_links() {
  std::vector<std::string> names;
  for (const std::string& line : lines_of(run_on_host({"ip", "-o", "link", "show"}).out)) {
    const size_t start = line.find(": ");
    if (start == std::string::npos) continue;
    const size_t end = line.find_first_of("@:", start + 2);
    names.push_back(line.substr(start + 2, end - start - 2));
  }
  return names;
}

std::optional<int64_t> read_pid(const std::string& pid_file) {
  std::ifstream in(pid_file);
  int64_t pid = 0;
  if (!(in >> pid) || pid <= 1) return std::nullopt;
  return pid;
}

bool process_alive(int64_t pid) {
  const std::string stat = read_file_or_empty("/proc/" + std::to_string(pid) + "/stat");
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos || paren + 2 >= stat.size()) return false;
  const char state = stat[paren + 2];
  return state != 'Z' && state != 'X';
}

bool cmdline_mentions(int64_t pid, const std::string& text) {
  std::string cmdline = read_file_or_empty("/proc/" + std::to_string(pid) + "/cmdline");
  std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
  return cmdline.find(text) != std::string::npos;
}

}  // namespace faultline
