// `cluster up --backend docker` (see docker_cluster.h): plan, check dockerd
// and the image, claim the name, record state.json, make keys and sshd
// configs (shared with namespace clusters), create the network, run the
// containers in parallel, wait until every sshd answers. On any failure or
// stop, `down` removes whatever was made.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>

#include "harness/cluster/cluster_claim.h"
#include "harness/cluster/local_cluster_host.h"
#include "harness/cluster/local_cluster_network.h"
#include "harness/cluster/local_cluster_sshd.h"
#include "harness/cluster/local_cluster_state.h"
#include "harness/docker/docker_cluster.h"
#include "harness/docker/image_check.h"
#include "harness/docker/node_image.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr char kInterrupted[] = "interrupted";

// Pid 1's child in each container: no way off the machine, then sshd in the foreground.
constexpr char kNodeScript[] =
    "ip route del default 2>/dev/null; mkdir -p /run/sshd; "
    "exec /usr/sbin/sshd -D -E \"$1\" -f \"$2\"";

std::string chosen_image(const DockerClusterOptions& options) {
  return options.image.empty() ? node_image_tag(NodeImageRecipe{}) : options.image;
}

std::string check_docker_and_image(const DockerCli& docker, const std::string& image) {
  if (DockerResult<std::string> version = docker.server_version(); !version) {
    return version.error().to_string();
  }
  if (!image_exists(docker, image)) {
    return "no image " + image + " in dockerd: build the node image with `sudo faultline image " +
           "build`, or name one with --image";
  }
  const ImageCheck check = check_node_image(docker, image);
  return check.ok() ? "" : check.describe(image);
}

std::string check_free(const DockerCli& docker, const ClusterPlan& plan,
                       const ClusterUpOptions& options) {
  if (docker_network_exists(docker, plan.name)) {
    return "a Docker network " + docker_network_name(plan.name) + " exists already";
  }
  if (contains_name(existing_links(), plan.bridge)) {
    return "network device " + plan.bridge + " already exists";
  }
  return check_subnet_free(options.subnet);
}

std::string make_network(const DockerCli& docker, const ClusterPlan& plan,
                         const std::string& subnet) {
  DockerResult<std::string> made = docker.run(
      {"network", "create", "--driver", "bridge", "--internal", "--subnet", subnet, "--gateway",
       plan.controller_address, "--opt", "com.docker.network.bridge.name=" + plan.bridge, "--label",
       std::string(kClusterLabel) + "=" + plan.name, docker_network_name(plan.name)});
  return made ? "" : made.error().to_string();
}

std::vector<std::string> run_args(const ClusterPlan& plan, const ClusterNodePlan& node,
                                  const std::string& image) {
  std::vector<std::string> args = {"run",
                                   "--detach",
                                   "--name",
                                   node.netns,
                                   "--hostname",
                                   node.name,
                                   "--network",
                                   docker_network_name(plan.name),
                                   "--ip",
                                   node.address,
                                   "--cap-add",
                                   "NET_ADMIN",
                                   "--cap-add",
                                   "SYS_PTRACE",
                                   "--init",
                                   "--label",
                                   std::string(kClusterLabel) + "=" + plan.name,
                                   "--volume",
                                   node.dir + ":" + node.dir,
                                   "--volume",
                                   plan.authorized_keys + ":" + plan.authorized_keys + ":ro"};
  args.insert(args.end(), {image, "/bin/sh", "-c", kNodeScript, "sh", node.dir + "/sshd.log",
                           node.dir + "/sshd_config"});
  return args;
}

std::string run_containers(const DockerCli& docker, const ClusterPlan& plan,
                           const std::string& image) {
  return in_parallel(plan.nodes.size(), [&](size_t i) -> std::string {
    DockerResult<std::string> ran = docker.run(run_args(plan, plan.nodes[i], image));
    return ran ? "" : ran.error().to_string();
  });
}

std::string bring_up(const DockerCli& docker, ClusterState* state,
                     const DockerClusterOptions& options, std::stop_token stop) {
  const ClusterPlan& plan = state->plan;
  const std::function<std::string()> steps[] = {
      [&] { return save_state(*state); },
      [&] { return make_keys_and_configs(plan); },
      [&] { return write_key_lists(plan); },
      [&] { return make_network(docker, plan, options.cluster.subnet); },
      [&] { return run_containers(docker, plan, state->image); },
      [&] { return wait_until_ready(plan, options.cluster.ready_timeout, stop); },
  };
  for (const std::function<std::string()>& step : steps) {
    if (stop.stop_requested()) return kInterrupted;
    if (std::string error = step(); !error.empty()) return error;
  }
  return stop.stop_requested() ? kInterrupted : "";
}

void undo(const ClusterPlan& plan, const DockerSettings& settings, ClusterOutcome* outcome) {
  ClusterOutcome down = docker_cluster_down(plan.state_dir, settings);
  if (outcome->interrupted) {
    outcome->error = "interrupted: removed what was made of cluster '" + plan.name + "'";
    outcome->notes.insert(outcome->notes.end(), down.notes.begin(), down.notes.end());
  }
  if (!down.ok()) outcome->error += "; cleaning up afterwards also failed: " + down.error;
}

}  // namespace

std::string docker_network_name(const std::string& cluster_name) { return "fl-" + cluster_name; }

bool docker_network_exists(const DockerCli& docker, const std::string& cluster_name) {
  return docker.run({"network", "inspect", docker_network_name(cluster_name)}).ok();
}

ClusterOutcome docker_cluster_up(const DockerClusterOptions& options, std::stop_token stop,
                                 const std::function<void()>& claimed) {
  const Clock::time_point start = Clock::now();
  const DockerCli docker(options.docker);
  ClusterOutcome outcome;
  ClusterState state;
  state.backend = kDockerBackend;
  state.image = chosen_image(options);
  const auto finish = [&] {
    outcome.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return outcome;
  };
  if (options.cluster.nodes_file.empty()) {
    outcome.error = "no nodes file given (where to write the cluster's node list)";
    return finish();
  }
  outcome.error = plan_cluster(options.cluster, &state.plan);
  if (outcome.ok() && ::geteuid() != 0) {
    outcome.error = "faultline cluster up needs root (it writes the cluster's keys under " +
                    options.cluster.state_root + " and checks the machine's addresses)";
  }
  if (outcome.ok()) outcome.error = check_docker_and_image(docker, state.image);
  if (outcome.ok() && stop.stop_requested()) {
    outcome.interrupted = true;
    outcome.error = "interrupted before anything was made";
  }
  if (outcome.ok()) {
    outcome.error = claim_state_dir(options.cluster.state_root, state.plan, &outcome.name_taken);
  }
  if (!outcome.ok()) return finish();
  if (std::string busy = check_free(docker, state.plan, options.cluster); !busy.empty()) {
    std::error_code ignored;
    fs::remove(state.plan.state_dir, ignored);  // still empty: give the name back
    outcome.error = busy;
    return finish();
  }
  if (claimed) claimed();

  outcome.error = bring_up(docker, &state, options, stop);
  outcome.interrupted = outcome.error == kInterrupted;
  if (outcome.ok()) {
    outcome.nodes = nodes_file_for(state.plan, options.cluster.nodes_file, /*namespaces=*/false);
    outcome.error = write_nodes_file(outcome.nodes, options.cluster.nodes_file);
  }
  if (outcome.ok()) {
    give_to_sudo_user(state.plan, options.cluster.nodes_file);
  } else {
    outcome.nodes = {};
    undo(state.plan, options.docker, &outcome);
  }
  return finish();
}

}  // namespace faultline
