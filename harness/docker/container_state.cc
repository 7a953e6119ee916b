#include "harness/docker/container_state.h"

namespace faultline {

bool says_no_such_container(const std::string& message) {
  // "Error: No such object: NAME" (inspect), "Error: No such container: NAME" (others)
  return message.find("No such object") != std::string::npos ||
         message.find("No such container") != std::string::npos;
}

DockerResult<std::string> container_state(const DockerCli& docker, const std::string& name) {
  DockerResult<std::string> state =
      docker.run({"inspect", "--type", "container", "--format", "{{.State.Status}}", name});
  if (!state && state.error().kind == DockerErrorKind::kFailed &&
      says_no_such_container(state.error().message)) {
    return std::string(kContainerMissing);
  }
  return state;
}

}  // namespace faultline
