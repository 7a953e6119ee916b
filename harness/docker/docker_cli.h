// The Docker Engine as faultline drives it: the `docker` program, run with an
// argument vector through run_local() (no shell, nothing pasted into a command
// line), one call per operation. docs/containers.md says why the CLI and not
// the Engine API. The program is Debian's docker.io client, /usr/bin/docker,
// unless FAULTLINE_DOCKER names another: a client found first on PATH may be
// of another major version than the daemon.
//
// Every failure is a DockerError that names the command, its exit status and
// what docker said, and carries the fix when one is known (the daemon is not
// running, docker is not installed, no permission on the socket).
// Thread-safe: a DockerCli holds only its settings.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "harness/base/result.h"

namespace faultline {

inline constexpr char kDebianDockerProgram[] = "/usr/bin/docker";

enum class DockerErrorKind {
  kNotInstalled,  // no docker program
  kDaemonDown,    // the client cannot reach dockerd
  kNoPermission,  // the socket exists but this user may not use it
  kFailed,        // the command ran and failed
  kTimedOut,
};

struct DockerError {
  DockerErrorKind kind = DockerErrorKind::kFailed;
  std::string command;  // as a person would type it
  int exit_status = -1;
  std::string message;  // what docker said (the tail of its stderr)
  std::string fix;      // empty when none is known
  // "`docker run ...` failed (exit 125): <message>; <fix>"
  std::string to_string() const;
};

template <class T>
using DockerResult = Result<T, DockerError>;

struct DockerSettings {
  std::string program;  // empty: $FAULTLINE_DOCKER, else /usr/bin/docker
  std::string host;     // empty: docker's default (DOCKER_HOST, /var/run/docker.sock)
};

class DockerCli {
 public:
  explicit DockerCli(DockerSettings settings = {});

  // Runs `docker [--host H] ARGS...`; its stdout (without the trailing newline) on success.
  DockerResult<std::string> run(const std::vector<std::string>& args,
                                std::chrono::milliseconds timeout = std::chrono::seconds(60),
                                const std::string& input = "") const;

  // The daemon's version when dockerd answers; else the error that says how to start it.
  DockerResult<std::string> server_version() const;

  const std::string& program() const { return program_; }

 private:
  std::vector<std::string> argv_for(const std::vector<std::string>& args) const;

  std::string program_;
  std::string host_;
};

// Classifies a failed docker command by what it printed (pure; for tests too).
DockerError docker_error(const std::string& command, int exit_status, bool timed_out,
                         const std::string& output);

}  // namespace faultline
