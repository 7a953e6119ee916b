#include "tests/support/fault_leftovers.h"

#include "harness/cluster/local_process.h"
#include "harness/docker/docker_cli.h"
#include "nemeses/tc.h"

namespace faultline::testing {
namespace {

// `what` of the output of argv when it contains `needle`; the failure when it could not run.
std::string found(const InNode& in_node, const std::vector<std::string>& argv,
                  const std::string& needle, const std::string& what) {
  const CommandResult r = in_node(argv);
  if (!r.ok()) return what + ": could not look: " + r.tail() + "\n";
  return r.out.find(needle) == std::string::npos ? "" : what + ": " + r.out;
}

}  // namespace

InNode in_namespace(const std::string& netns) {
  return [netns](const std::vector<std::string>& argv) {
    std::vector<std::string> full{"ip", "netns", "exec", netns};
    full.insert(full.end(), argv.begin(), argv.end());
    return run_local(Command::of(full));
  };
}

InNode in_container(const std::string& container) {
  return [container](const std::vector<std::string>& argv) {
    std::vector<std::string> full{"exec", container};
    full.insert(full.end(), argv.begin(), argv.end());
    DockerResult<std::string> out = DockerCli().run(full);
    CommandResult r;
    if (out) {
      r.exit_status = 0;
      r.out = *out + "\n";
    } else {
      r.exit_status = out.error().exit_status;
      r.err = out.error().to_string();
    }
    return r;
  };
}

std::string network_fault_leftovers(const InNode& in_node) {
  std::string left;
  for (const char* table : {"filter", "nat", "mangle", "raw"})
    left += found(in_node, {"iptables", "-w", "-t", table, "-S"}, "faultline",
                  std::string("iptables ") + table);
  left += found(in_node, {"tc", "qdisc", "show"}, kShapeHandle, "qdisc");
  left += found(in_node, {"tc", "qdisc", "show"}, kNetemHandle, "netem qdisc");
  left += found(in_node, {"ip", "-o", "link", "show"}, kProbeDevice, "netem probe device");
  return left;
}

}  // namespace faultline::testing
