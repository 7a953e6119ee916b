// The shared set-up of the integration tests on container nodes: dockerd and
// the node image, once per test process (dockerd is started on first use by
// the first suite that needs it and stopped when the process exits; the image
// is built once per machine, then found by its tag), and what a container
// cluster may leave on the machine.
//
//   class MySuite : public DockerTest { ... };   // SetUp skips without root or
//                                                // dockerd (fails in CI) and
//                                                // asserts the image is there
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/docker_daemon.h"

namespace faultline {

// dockerd and the node image as this process found or made them.
struct DockerForTests {
  DockerForTests();  // finds or starts dockerd, then builds the image unless it exists
  DockerDaemonForTest daemon;
  std::string image;        // the default node image's tag
  std::string image_error;  // empty when the image is there
};

// The process's one DockerForTests, made on first call (needs root to start
// dockerd or build the image; without root its daemon says why not).
DockerForTests& docker_for_tests();

class DockerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { docker_for_tests(); }
  void SetUp() override;

  static const std::string& node_image() { return docker_for_tests().image; }
};

// `docker ARGS...`'s stdout, or "docker failed: <why>".
std::string docker_out(const std::vector<std::string>& args);

// What of the container cluster `name` dockerd still has (its labelled
// containers and networks), one thing a line; empty when nothing.
std::string docker_leftovers(const std::string& name);

}  // namespace faultline
