// The docker client wrapper: what a failed command becomes (pure), and the real
// docker program's answers when the daemon or the program is missing; a
// container's state (container_state.h) when it cannot be asked.
#include "harness/docker/docker_cli.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "harness/docker/container_state.h"

namespace faultline {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DockerError, DaemonDownSaysHowToStartIt) {
  const DockerError error = docker_error(
      "docker version", 1, false,
      "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon "
      "running?");
  EXPECT_EQ(error.kind, DockerErrorKind::kDaemonDown);
  EXPECT_TRUE(contains(error.fix, "dockerd")) << error.fix;
  EXPECT_TRUE(contains(error.fix, "service docker start")) << error.fix;
  EXPECT_TRUE(contains(error.to_string(), "`docker version` failed (exit 1): Cannot connect"))
      << error.to_string();
}

TEST(DockerError, MissingProgramSaysWhatToInstall) {
  const DockerError error = docker_error("docker ps", 127, false, "command not found");
  EXPECT_EQ(error.kind, DockerErrorKind::kNotInstalled);
  EXPECT_TRUE(contains(error.fix, "docker.io")) << error.fix;
}

TEST(DockerError, PermissionAndTimeoutAndPlainFailure) {
  EXPECT_EQ(docker_error("docker ps", 1, false,
                         "permission denied while trying to connect to the Docker daemon socket")
                .kind,
            DockerErrorKind::kNoPermission);
  EXPECT_EQ(docker_error("docker ps", -1, true, "").kind, DockerErrorKind::kTimedOut);
  const DockerError plain = docker_error("docker run x", 125, false, "No such image: x");
  EXPECT_EQ(plain.kind, DockerErrorKind::kFailed);
  EXPECT_EQ(plain.fix, "");
  EXPECT_EQ(plain.to_string(), "`docker run x` failed (exit 125): No such image: x");
}

// Debian's docker.io is in scripts/install-deps.sh; CI must have it, elsewhere it may be absent.
void require_debian_docker() {
  if (std::filesystem::exists(kDebianDockerProgram)) return;
  const char* ci = std::getenv("CI");
  if (ci != nullptr && std::string(ci) == "true") {
    FAIL() << kDebianDockerProgram << " is missing in CI: run scripts/install-deps.sh";
  }
  GTEST_SKIP() << kDebianDockerProgram << " is missing: apt-get install docker.io";
}

TEST(DockerCli, RealClientWithoutADaemonIsDaemonDown) {
  require_debian_docker();
  if (HasFatalFailure() || IsSkipped()) return;
  const std::string socket =
      "unix://" + (std::filesystem::temp_directory_path() / "faultline-no-dockerd.sock").string();
  DockerCli docker({"", socket});
  EXPECT_EQ(docker.program(), kDebianDockerProgram);
  DockerResult<std::string> version = docker.server_version();
  ASSERT_FALSE(version.ok()) << *version;
  EXPECT_EQ(version.error().kind, DockerErrorKind::kDaemonDown) << version.error().to_string();
  EXPECT_TRUE(contains(version.error().command, "--host " + socket)) << version.error().command;
}

// `cluster status` must not call a container missing when it could not ask.
TEST(ContainerState, DaemonDownIsAnErrorNotAMissingContainer) {
  require_debian_docker();
  if (HasFatalFailure() || IsSkipped()) return;
  const std::string socket =
      "unix://" + (std::filesystem::temp_directory_path() / "faultline-no-dockerd.sock").string();
  DockerResult<std::string> state = container_state(DockerCli({"", socket}), "fl-x-n1");
  ASSERT_FALSE(state.ok()) << *state;
  EXPECT_EQ(state.error().kind, DockerErrorKind::kDaemonDown) << state.error().to_string();
}

TEST(ContainerState, DockersNoSuchContainerAnswersAreRecognised) {
  EXPECT_TRUE(says_no_such_container("Error: No such object: fl-x-n1"));
  EXPECT_TRUE(says_no_such_container("Error response from daemon: No such container: fl-x-n1"));
  EXPECT_FALSE(says_no_such_container("Error response from daemon: page not found"));
}

TEST(DockerCli, MissingProgramIsNotInstalled) {
  DockerCli docker({"/nonexistent/faultline/docker", ""});
  DockerResult<std::string> version = docker.server_version();
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.error().kind, DockerErrorKind::kNotInstalled) << version.error().to_string();
}

}  // namespace
}  // namespace faultline
