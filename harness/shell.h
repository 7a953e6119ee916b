// The one place where commands become shell text. Every remote command line
// is built here from an argument vector and quoted exactly once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "harness/command.h"

namespace faultline {

// Quotes one argument for a POSIX shell so it arrives as one literal word,
// whatever it holds (quotes, ;, $(), backticks, newlines, non-ASCII).
std::string shell_quote(std::string_view arg);

// Joins quoted arguments with spaces.
std::string shell_join(const std::vector<std::string>& argv);

// The full command line a remote login shell runs for `command`: cd to cwd,
// environment, sudo (with -S -p '' so a password can come on stdin, when
// `sudo_password` is non-empty; -n otherwise, so it fails fast instead of
// prompting), then the argv or `sh -c SCRIPT`.
std::string remote_command_line(const Command& command, bool sudo_with_password);

}  // namespace faultline
