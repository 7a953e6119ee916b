#include "harness/docker/docker_cli.h"

#include <cstdlib>

#include "harness/cluster/local_process.h"

namespace faultline {
namespace {

constexpr char kStartDaemon[] =
    "start dockerd as root: `sudo service docker start` (or `sudo systemctl start docker`); "
    "where there is no init system: `sudo sh -c 'dockerd >/var/log/dockerd.log 2>&1 &'`";

bool mentions(const std::string& text, const char* what) {
  return text.find(what) != std::string::npos;
}

std::string chosen_program(const std::string& program) {
  if (!program.empty()) return program;
  const char* from_env = std::getenv("FAULTLINE_DOCKER");
  return from_env != nullptr && *from_env != '\0' ? from_env : kDebianDockerProgram;
}

std::string without_trailing_newlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace

std::string DockerError::to_string() const {
  std::string text = "`" + command + "` ";
  if (kind == DockerErrorKind::kTimedOut) {
    text += "timed out";
  } else if (kind == DockerErrorKind::kNotInstalled) {
    text += "cannot run: docker is not installed";
  } else {
    text += "failed (exit " + std::to_string(exit_status) + ")";
  }
  if (!message.empty()) text += ": " + message;
  if (!fix.empty()) text += "; " + fix;
  return text;
}

DockerError docker_error(const std::string& command, int exit_status, bool timed_out,
                         const std::string& output) {
  DockerError error{DockerErrorKind::kFailed, command, exit_status, output, ""};
  if (timed_out) {
    error.kind = DockerErrorKind::kTimedOut;
  } else if (exit_status == 127 || exit_status == 126) {
    error.kind = DockerErrorKind::kNotInstalled;
    error.fix =
        "install Debian's docker.io (scripts/install-deps.sh, or apt-get install "
        "docker.io), or name the docker program in FAULTLINE_DOCKER";
  } else if (mentions(output, "Cannot connect to the Docker daemon") ||
             mentions(output, "Is the docker daemon running")) {
    error.kind = DockerErrorKind::kDaemonDown;
    error.fix = kStartDaemon;
  } else if (mentions(output, "permission denied") && mentions(output, "Docker daemon")) {
    error.kind = DockerErrorKind::kNoPermission;
    error.fix = "run faultline as root (sudo), or add this user to the docker group";
  }
  return error;
}

DockerCli::DockerCli(DockerSettings settings)
    : program_(chosen_program(settings.program)), host_(std::move(settings.host)) {}

std::vector<std::string> DockerCli::argv_for(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {program_};
  if (!host_.empty()) argv.insert(argv.end(), {"--host", host_});
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

DockerResult<std::string> DockerCli::run(const std::vector<std::string>& args,
                                         std::chrono::milliseconds timeout,
                                         const std::string& input) const {
  Command command = Command::of(argv_for(args));
  command.timeout = timeout;
  command.stdin_data = input;
  const CommandResult result = run_local(command);
  if (result.ok()) return without_trailing_newlines(result.out);
  return docker_error(command.describe(), result.exit_status, result.timed_out, result.tail());
}

DockerResult<std::string> DockerCli::server_version() const {
  return run({"version", "--format", "{{.Server.Version}}"}, std::chrono::seconds(20));
}

}  // namespace faultline
