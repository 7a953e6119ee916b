// The one place where commands become shell text. Every remote command line
// is built here from an argument vector and quoted exactly once.
// Pure functions; safe from any thread. Programmer errors (a NUL byte in an
// argument, an invalid environment variable name, a command with neither or
// both of argv and script) throw std::invalid_argument.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/command.h"

namespace faultline {

// Quotes one argument for a POSIX shell so it arrives as one literal word,
// whatever it holds (quotes, ;, $(), backticks, newlines, non-ASCII).
// Plain words (abc-123, /usr/bin/x, a.b:c@d%) stay bare for readable logs.
std::string shell_quote(std::string_view arg);

// Joins quoted arguments with spaces.
std::string shell_join(const std::vector<std::string>& argv);

// The full command line a remote login shell runs for `command`: cd to cwd,
// sudo (with -S -p '' when `sudo_with_password`, so the caller writes the
// password as the first line of stdin; -n otherwise, so it fails fast instead
// of prompting), the environment through `env` (after sudo, which would reset
// it), then the argv or `sh -c SCRIPT`. For example:
//   cd -- '/srv/db' && sudo -n -- env 'K=V' prog arg
std::string remote_command_line(const Command& command, bool sudo_with_password);

// True for a valid environment variable name: [A-Za-z_][A-Za-z0-9_]*.
bool is_env_name(std::string_view name);

// Throws std::invalid_argument unless `command` has exactly one of argv and
// script and only valid environment variable names.
void check_command(const Command& command);

}  // namespace faultline
