// A command to run on a node or on the controller, and what came of it.
//
// A command is an argument vector (never a string to be re-split), or a shell
// script given as text; the one place that turns it into a remote command
// line is shell.h. Plain values, cheap to copy.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace faultline {

struct Command {
  std::vector<std::string> argv;       // program and arguments; empty when `script` is set
  std::optional<std::string> script;   // run by `sh -c`, when set
  std::map<std::string, std::string> env;
  std::string cwd;                     // empty: the login directory
  bool sudo = false;                   // run as root through sudo (no-op when already root)
  std::string stdin_data;              // fed to the command's standard input
  std::chrono::milliseconds timeout{60'000};

  static Command of(std::vector<std::string> argv) {
    Command c;
    c.argv = std::move(argv);
    return c;
  }
  static Command shell(std::string script) {
    Command c;
    c.script = std::move(script);
    return c;
  }
  // For messages: the command as a person would type it.
  std::string describe() const;
};

struct CommandResult {
  int exit_status = -1;  // -1 when killed by a signal or timed out
  std::string out;
  std::string err;
  bool timed_out = false;
  bool ok() const { return exit_status == 0 && !timed_out; }
  // The last lines of stderr (or stdout), for error messages.
  std::string tail(size_t max_chars = 400) const;
};

}  // namespace faultline
