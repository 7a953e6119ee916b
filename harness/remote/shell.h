// The one place where commands become shell text. Every remote command line
// is built here from an argument vector and quoted exactly once.
// Pure functions; safe from any thread. Programmer errors (a NUL byte in an
// argument, an invalid environment variable name, a command with neither or
// both of argv and script) throw std::invalid_argument.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/remote/command.h"

namespace faultline {

// Quotes one argument for a POSIX shell so it arrives as one literal word,
// whatever it holds (quotes, ;, $(), backticks, newlines, non-ASCII).
// Plain words (abc-123, /usr/bin/x, a.b:c@d%) stay bare for readable logs.
std::string shell_quote(std::string_view arg);

// Joins quoted arguments with spaces.
std::string shell_join(const std::vector<std::string>& argv);

// How a command with a timeout is bounded on the node: coreutils `timeout`
// sends TERM to the command's whole process group at its timeout and KILL
// kRemoteKillGrace later. sshd does not pass the controller's signal on for a
// root login, so without it a command would outlive the controller's patience.
inline constexpr std::chrono::milliseconds kRemoteKillGrace{1000};
// The controller waits this much longer than the node's `timeout` can take, so
// the node's wrapper normally reports first (and the process group is gone).
inline constexpr std::chrono::milliseconds kControllerTimeoutSlack{1000};

// The full command line a remote login shell runs for `command`: cd to cwd,
// sudo (with -k -S -p '' when `sudo_with_password`: the caller writes the
// password as the first line of stdin, and -k makes sudo read it even when it
// has cached credentials, so it never becomes the command's input; -n
// otherwise, so it fails fast instead of prompting), `timeout` when the
// command has a timeout (after sudo, so it may kill root's processes), the
// environment through `env` (after sudo, which would reset it), then the argv
// or `sh -c SCRIPT`. For example:
//   cd -- '/srv/db' && sudo -n -- timeout -k 1 2.5 env 'K=V' prog arg
std::string remote_command_line(const Command& command, bool sudo_with_password);

// How long the controller waits for `command`: its timeout, the kill grace and
// the slack (see above); its own timeout when it has none.
std::chrono::milliseconds controller_timeout(const Command& command);

// True when `result`, `elapsed` after the start, is the node's `timeout`
// stopping the command: exit 124 (it obeyed TERM), 137 or no status (KILL),
// and only once the command's timeout has passed.
bool stopped_by_remote_timeout(const Command& command, const CommandResult& result,
                               std::chrono::milliseconds elapsed);

// Everything a Remote sends to run `command` on a node.
struct RemoteInvocation {
  std::string line;   // remote_command_line(); never holds the sudo password
  std::string input;  // stdin: the sudo password's line first, when given; never log it
  std::chrono::milliseconds controller_timeout{0};
};
// With a `sudo_password` (used only when command.sudo), sudo reads it from stdin.
RemoteInvocation remote_invocation(const Command& command,
                                   std::optional<std::string_view> sudo_password);

// True for a valid environment variable name: [A-Za-z_][A-Za-z0-9_]*.
bool is_env_name(std::string_view name);

// Throws std::invalid_argument unless `command` has exactly one of argv and
// script and only valid environment variable names.
void check_command(const Command& command);

}  // namespace faultline
