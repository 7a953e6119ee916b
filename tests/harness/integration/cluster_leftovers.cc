#include "tests/harness/integration/cluster_leftovers.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "harness/cluster/local_cluster_plan.h"
#include "harness/cluster/local_process.h"

namespace faultline::testing {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> output_lines(const std::vector<std::string>& argv) {
  return lines_of(run_local(Command::of(argv)).out);
}

bool contains(const std::string& line, const std::string& part) {
  return line.find(part) != std::string::npos;
}

// Rules of every iptables table that name the cluster (its devices or subnet);
// inside a namespace of the cluster, every rule that is not a chain policy.
std::string iptables_leftovers(const std::string& netns, const std::string& name,
                               const std::string& subnet_prefix) {
  std::string left;
  for (const char* table : {"filter", "nat", "mangle", "raw"}) {
    std::vector<std::string> argv = {"iptables", "-w", "-t", table, "-S"};
    if (!netns.empty()) argv.insert(argv.begin(), {"ip", "netns", "exec", netns});
    for (const std::string& rule : output_lines(argv)) {
      const bool policy = rule.rfind("-P ", 0) == 0 || rule.rfind("-N ", 0) == 0;
      const bool ours = !netns.empty() ? !policy
                                       : contains(rule, "flbr-" + name) ||
                                             contains(rule, "flv-" + name + "-") ||
                                             contains(rule, subnet_prefix);
      if (ours)
        left += "iptables " + (netns.empty() ? "host" : netns) + " " + table + ": " + rule + "\n";
    }
  }
  return left;
}

std::string qdisc_leftovers(const std::string& netns, const std::string& name) {
  std::string left;
  std::vector<std::string> argv = {"tc", "qdisc", "show"};
  if (!netns.empty()) argv.insert(argv.begin(), {"ip", "netns", "exec", netns});
  for (const std::string& qdisc : output_lines(argv)) {
    // A namespace's own devices, or the host's devices of the cluster; the
    // kernel's default qdiscs (noqueue, pfifo_fast, fq_codel) are no fault.
    const bool default_qdisc = contains(qdisc, "qdisc noqueue") ||
                               contains(qdisc, "qdisc pfifo_fast") ||
                               contains(qdisc, "qdisc fq_codel") || contains(qdisc, "qdisc mq");
    const bool ours =
        !netns.empty() || contains(qdisc, "flbr-" + name) || contains(qdisc, "flv-" + name + "-");
    if (ours && !default_qdisc)
      left += "qdisc " + (netns.empty() ? "host" : netns) + ": " + qdisc + "\n";
  }
  return left;
}

// "T" (stopped) or "t" from /proc/PID/stat, empty when gone.
std::string process_state(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return "";
  return stat.substr(close + 2, 1);
}

// sshd of the cluster (its command line names the state directory) and the
// database (its command line names the cluster's addresses), stopped or not.
std::string process_leftovers(const std::string& state_dir, const std::string& subnet_prefix) {
  std::string left;
  std::set<std::string> seen;
  for (const std::string& pattern : {state_dir + "/", subnet_prefix}) {
    for (const std::string& line : output_lines({"pgrep", "-a", "-f", pattern})) {
      const std::string pid = line.substr(0, line.find(' '));
      if (!seen.insert(pid).second) continue;
      const std::string state = process_state(pid);
      if (state.empty()) continue;  // gone meanwhile
      left += "process (state " + state + ") " + line.substr(0, 160) + "\n";
    }
  }
  return left;
}

}  // namespace

std::string cluster_leftovers(const std::string& name, const std::string& subnet_prefix) {
  std::string left;
  const std::string state_dir = std::string(kDefaultClusterStateRoot) + "/" + name;
  for (const std::string& line : output_lines({"ip", "netns", "list"})) {
    if (line.rfind("fl-" + name + "-", 0) != 0) continue;
    const std::string netns = line.substr(0, line.find(' '));
    left += "namespace " + netns + "\n";
    left += iptables_leftovers(netns, name, subnet_prefix);
    left += qdisc_leftovers(netns, name);
  }
  for (const std::string& line : output_lines({"ip", "-o", "link", "show"})) {
    if (contains(line, " flv-" + name + "-") || contains(line, " flbr-" + name + ":") ||
        contains(line, " flbr-" + name + "@")) {
      left += "link " + line.substr(0, 80) + "\n";
    }
  }
  left += iptables_leftovers("", name, subnet_prefix);
  left += qdisc_leftovers("", name);
  left += process_leftovers(state_dir, subnet_prefix);
  std::ifstream mounts("/proc/mounts");
  for (std::string line; std::getline(mounts, line);) {
    if (contains(line, "fl-" + name + "-") || contains(line, state_dir + "/") ||
        contains(line, state_dir + " ")) {
      left += "mount " + line + "\n";
    }
  }
  std::error_code ec;
  if (fs::exists(state_dir, ec)) left += "state dir " + state_dir + "\n";
  return left;
}

std::set<std::string> cluster_state_dirs() {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kDefaultClusterStateRoot, ec)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

}  // namespace faultline::testing
