#include "tests/support/docker_test.h"

#include <unistd.h>

#include <iostream>

#include "harness/docker/docker_cluster.h"
#include "harness/docker/node_image.h"

namespace faultline {
namespace {

std::string label_filter(const std::string& name) {
  return std::string("label=") + kClusterLabel + "=" + name;
}

}  // namespace

DockerForTests::DockerForTests() : image(node_image_tag(NodeImageRecipe{})) {
  if (!daemon.why_not().empty()) return;
  if (::geteuid() != 0) {
    image_error = "building the node image needs root";
    return;
  }
  const ImageBuildOutcome built = build_node_image(DockerCli(), {});
  image_error = built.error;
  std::cout << "node image " << built.tag << (built.cached ? " (cached)" : " built") << " in "
            << built.seconds << " s\n";
}

DockerForTests& docker_for_tests() {
  // One per process: every suite of the process shares the daemon, which its
  // destructor stops at exit when this process started it.
  static DockerForTests docker;
  return docker;
}

void DockerTest::SetUp() {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  DockerForTests& docker = docker_for_tests();
  FAULTLINE_REQUIRE_DOCKER(docker.daemon);
  ASSERT_EQ(docker.image_error, "") << "the node image " << docker.image;
}

std::string docker_out(const std::vector<std::string>& args) {
  DockerResult<std::string> out = DockerCli().run(args);
  return out ? *out : "docker failed: " + out.error().to_string();
}

std::string docker_leftovers(const std::string& name) {
  std::string left;
  const std::string containers =
      docker_out({"ps", "--all", "--filter", label_filter(name), "--format", "{{.Names}}"});
  if (!containers.empty()) left += "containers: " + containers + "\n";
  const std::string networks =
      docker_out({"network", "ls", "--filter", label_filter(name), "--format", "{{.Name}}"});
  if (!networks.empty()) left += "networks: " + networks + "\n";
  return left;
}

}  // namespace faultline
