#include "harness/remote/shell.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <stdexcept>

namespace faultline {
namespace {

// '=' is left out on purpose: a bare `A=B` in command position is an assignment, not a word.
bool is_plain_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-_./:@%+,").find(c) != std::string_view::npos;
}

// Words the shell would parse as syntax when they stand where a command name goes.
bool is_reserved_word(std::string_view word) {
  static constexpr std::array<std::string_view, 17> kReserved = {
      "case", "do",   "done",  "elif",  "else",     "esac",   "fi",   "for",   "if",
      "in",   "then", "until", "while", "function", "select", "time", "coproc"};
  return std::find(kReserved.begin(), kReserved.end(), word) != kReserved.end();
}

bool can_stay_bare(std::string_view arg) {
  return !arg.empty() && std::all_of(arg.begin(), arg.end(), is_plain_char) &&
         !is_reserved_word(arg);
}

std::string env_words(const std::map<std::string, std::string>& env) {
  std::string words = "env";
  for (const auto& [name, value] : env) words += " " + shell_quote(name + "=" + value);
  return words;
}

// Seconds for `timeout`: "2", "1.5", "0.25" (no suffix: GNU and busybox both take it).
std::string seconds_text(std::chrono::milliseconds duration) {
  const long long ms = duration.count();
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%03lld", ms / 1000, ms % 1000);
  std::string seconds = text;
  while (seconds.back() == '0') seconds.pop_back();
  if (seconds.back() == '.') seconds.pop_back();
  return seconds;
}

bool has_timeout(const Command& command) { return command.timeout.count() > 0; }

std::string timeout_words(const Command& command) {
  return "timeout -k " + seconds_text(kRemoteKillGrace) + " " + seconds_text(command.timeout);
}

std::string program_words(const Command& command) {
  if (command.script) return "sh -c " + shell_quote(*command.script);
  return shell_join(command.argv);
}

}  // namespace

std::string shell_quote(std::string_view arg) {
  if (arg.find('\0') != std::string_view::npos) {
    throw std::invalid_argument("shell_quote: an argument cannot hold a NUL byte");
  }
  if (can_stay_bare(arg)) return std::string(arg);
  // Inside single quotes every byte is literal except ' itself, which is closed, escaped, reopened.
  std::string quoted = "'";
  for (char c : arg) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string shell_join(const std::vector<std::string>& argv) {
  std::string joined;
  for (const std::string& arg : argv) {
    if (!joined.empty()) joined += ' ';
    joined += shell_quote(arg);
  }
  return joined;
}

bool is_env_name(std::string_view name) {
  auto is_alpha = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  auto is_alnum = [&](char c) { return is_alpha(c) || (c >= '0' && c <= '9'); };
  return !name.empty() && is_alpha(name[0]) && std::all_of(name.begin() + 1, name.end(), is_alnum);
}

void check_command(const Command& command) {
  if (command.script.has_value() == !command.argv.empty()) {
    throw std::invalid_argument("a Command needs exactly one of argv and script");
  }
  for (const auto& [name, value] : command.env) {
    if (!is_env_name(name)) {
      throw std::invalid_argument("invalid environment variable name: \"" + name + "\"");
    }
  }
}

std::string remote_command_line(const Command& command, bool sudo_with_password) {
  check_command(command);
  std::string line;
  // `--` keeps a directory named like an option from being read as one.
  if (!command.cwd.empty()) line += "cd -- " + shell_quote(command.cwd) + " && ";
  if (command.sudo) line += sudo_with_password ? "sudo -k -S -p '' -- " : "sudo -n -- ";
  if (has_timeout(command)) line += timeout_words(command) + " ";
  if (!command.env.empty()) line += env_words(command.env) + " ";
  return line + program_words(command);
}

std::chrono::milliseconds controller_timeout(const Command& command) {
  if (!has_timeout(command)) return command.timeout;
  return command.timeout + kRemoteKillGrace + kControllerTimeoutSlack;
}

bool stopped_by_remote_timeout(const Command& command, const CommandResult& result,
                               std::chrono::milliseconds elapsed) {
  constexpr int kTimedOut = 124, kKilled = 128 + 9, kNoStatus = -1;
  const int status = result.exit_status;
  return has_timeout(command) && elapsed >= command.timeout &&
         (status == kTimedOut || status == kKilled || status == kNoStatus);
}

RemoteInvocation remote_invocation(const Command& command,
                                   std::optional<std::string_view> sudo_password) {
  const bool with_password = command.sudo && sudo_password.has_value();
  RemoteInvocation invocation;
  invocation.line = remote_command_line(command, with_password);
  if (with_password) invocation.input = std::string(*sudo_password) + "\n";
  invocation.input += command.stdin_data;
  invocation.controller_timeout = controller_timeout(command);
  return invocation;
}

}  // namespace faultline
