// What a container image lacks to be a faultline node: the programs the SSH
// paths, faults and heal run there, each with the Debian package that has it.
// `faultline doctor --image IMAGE` prints this; `cluster up --image` refuses an
// image that lacks any of them.
#pragma once

#include <string>
#include <vector>

#include "harness/docker/docker_cli.h"

namespace faultline {

struct ImageNeed {
  std::string program;  // a command name, or an absolute path
  std::string purpose;  // why faultline needs it
  std::string package;  // the Debian package that provides it
};

// Every program a node image must have.
const std::vector<ImageNeed>& node_image_needs();

struct ImageCheck {
  std::string error;               // the image could not be examined (empty otherwise)
  std::vector<ImageNeed> missing;  // what it lacks
  bool ok() const { return error.empty() && missing.empty(); }
  // "image X lacks: sshd (log in; openssh-server), ...; install ..." or "".
  std::string describe(const std::string& image) const;
};

// Runs the image once (no network, removed afterwards) and looks for each need.
ImageCheck check_node_image(const DockerCli& docker, const std::string& image);

}  // namespace faultline
