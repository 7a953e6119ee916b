#include "harness/cli/doctor_command.h"

#include <iostream>
#include <memory>

#include "harness/cli/node_options.h"
#include "harness/cluster/doctor.h"
#include "harness/docker/image_check.h"
#include "harness/remote/parallel.h"

namespace faultline {
namespace {

const char* level_word(CheckLevel level) {
  switch (level) {
    case CheckLevel::kOk:
      return "ok  ";
    case CheckLevel::kWarn:
      return "WARN";
    case CheckLevel::kFail:
      return "FAIL";
  }
  return "?";
}

void print_report(std::ostream& out, const NodeSpec& spec, const NodeReport& report) {
  out << spec.name << "  " << spec.host << (spec.port ? ":" + std::to_string(spec.port) : "")
      << "\n";
  for (const DoctorCheck& c : report.checks) {
    out << "  " << level_word(c.level) << "  " << c.name << ": " << c.detail << "\n";
    if (!c.fix.empty()) out << "        fix: " << c.fix << "\n";
  }
}

int run_doctor(const NodeOptions& options) {
  Parsed<NodeSet> nodes = open_nodes(options);
  if (!nodes) {
    std::cerr << "faultline doctor: " << nodes.error().to_string() << "\n";
    return 255;
  }
  std::vector<NodeReport> reports(nodes->remotes.size());
  on_nodes<Done>(nodes->pointers(), [&](Remote& remote) -> RemoteResult<Done> {
    for (size_t i = 0; i < nodes->remotes.size(); ++i) {
      if (nodes->remotes[i].get() == &remote) reports[i] = examine_node(remote);
    }
    return Done{};
  });
  bool failed = false;
  for (size_t i = 0; i < reports.size(); ++i) {
    print_report(std::cout, nodes->nodes[i], reports[i]);
    failed = failed || reports[i].failed();
  }
  std::cout << (failed ? "doctor: some nodes are not ready (see FAIL above)\n"
                       : "doctor: every node is ready\n");
  return failed ? 1 : 0;
}

// `doctor --image IMAGE`: what the image lacks to be a container node.
int run_image_doctor(const std::string& image) {
  const ImageCheck check = check_node_image(DockerCli(), image);
  if (!check.error.empty()) {
    std::cerr << "faultline doctor: " << check.describe(image) << "\n";
    return 255;
  }
  std::cout << "image " << image << "\n";
  for (const ImageNeed& need : node_image_needs()) {
    bool missing = false;
    for (const ImageNeed& lack : check.missing) missing = missing || lack.program == need.program;
    std::cout << "  " << (missing ? "FAIL" : "ok  ") << "  " << need.program << ": " << need.purpose
              << (missing ? " (missing; package " + need.package + ")" : "") << "\n";
  }
  if (check.ok()) {
    std::cout << "doctor: the image has what a node needs\n";
    return 0;
  }
  std::cout << "doctor: " << check.describe(image) << "\n";
  return 1;
}

struct DoctorArgs {
  NodeOptions nodes;
  std::string image;
};

}  // namespace

std::function<int()> add_doctor_command(CLI::App& app) {
  auto args = std::make_shared<DoctorArgs>();
  CLI::App* cmd = app.add_subcommand(
      "doctor", "Check that nodes are ready for a test, with a fix for each problem");
  cmd->footer(
      "Checks node by node: reachable, logged in, sudo\n"
      "works, iptables and tc present, whether netem works, clock offset against this\n"
      "machine, free disk. Each problem comes with its fix. Exit status 0 when every\n"
      "node is ready, 1 when some check failed, 255 when the nodes file is bad.\n"
      "With --image instead of --nodes-file: what a container image lacks to be a node\n"
      "(sshd, ip, tc, iptables, pgrep, ps), each with its Debian package.");
  add_node_options(*cmd, args->nodes);
  cmd->get_option("--nodes-file")->required(false);
  cmd->add_option("--image", args->image,
                  "A container image to check instead of nodes (needs dockerd)")
      ->excludes("--nodes-file");
  return [args] {
    if (!args->image.empty()) return run_image_doctor(args->image);
    if (args->nodes.nodes_file.empty()) {
      std::cerr << "faultline doctor: give --nodes-file (or --image)\n";
      return 254;
    }
    return run_doctor(args->nodes);
  };
}

}  // namespace faultline
