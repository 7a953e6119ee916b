// A container's state as dockerd reports it (`docker inspect`), for
// `faultline cluster status`: "running", "exited", "paused", "restarting",
// "created", "dead", or "missing" when dockerd has no container of that name.
#pragma once

#include <string>

#include "harness/docker/docker_cli.h"

namespace faultline {

inline constexpr char kContainerMissing[] = "missing";
inline constexpr char kContainerRunning[] = "running";

// The state of container `name`; the error when dockerd cannot be asked.
DockerResult<std::string> container_state(const DockerCli& docker, const std::string& name);

// True when `message` (what docker said) is its "no such container" answer.
bool says_no_such_container(const std::string& message);

}  // namespace faultline
