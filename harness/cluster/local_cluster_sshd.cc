#include "harness/cluster/local_cluster_sshd.h"

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

#include "harness/cluster/local_cluster.h"
#include "harness/cluster/local_cluster_host.h"
#include "harness/remote/node_paths.h"

namespace faultline {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

std::string sshd_config(const ClusterPlan& plan, const ClusterNodePlan& node) {
  std::ostringstream out;
  out << "# faultline local cluster '" << plan.name << "', node " << node.name << "\n"
      << "ListenAddress " << node.address << ":" << kClusterSshPort << "\n"
      << "HostKey " << node.dir << "/ssh_host_ed25519_key\n"
      << "PidFile " << node.pid_file << "\n"
      << "AuthorizedKeysFile " << plan.authorized_keys << "\n"
      << "UsePAM no\n"
      << "PermitRootLogin prohibit-password\n"
      << "PubkeyAuthentication yes\n"
      << "PasswordAuthentication no\n"
      << "KbdInteractiveAuthentication no\n"
      << "StrictModes no\n"
      << "UseDNS no\n"
      << "PrintMotd no\n"
      << "MaxStartups 200\n"
      << "MaxSessions 200\n"
      << "Subsystem sftp internal-sftp\n";
  return out.str();
}

std::string keygen(const std::string& path, const std::string& comment) {
  return run_on_host_checked(
      {"ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path});
}

// The home directory of the user the nodes log in as (the controller's user: root).
std::string login_home() {
  const passwd* entry = getpwuid(geteuid());
  return entry && entry->pw_dir && *entry->pw_dir ? entry->pw_dir : "/root";
}

std::string configure_interfaces(const ClusterPlan& plan, const ClusterNodePlan& node) {
  std::ostringstream batch;
  batch << "addr add " << node.address << "/" << plan.prefix_length << " dev eth0\n"
        << "link set eth0 up\n"
        << "link set lo up\n";
  return run_on_host_checked({"ip", "-n", node.netns, "-batch", "-"}, batch.str());
}

bool node_ready(const ClusterPlan& plan, const ClusterNodePlan& node) {
  return read_pid(node.pid_file).has_value() &&
         tcp_reachable(node.address, kClusterSshPort, milliseconds(200), plan.bridge);
}

std::string not_ready_error(const ClusterNodePlan& node, milliseconds timeout) {
  return "sshd of " + node.name + " did not accept connections on " + node.address + ":" +
         std::to_string(kClusterSshPort) + " within " + std::to_string(timeout.count()) +
         " ms; its log (" + node.dir + "/sshd.log): " + log_tail(node.dir + "/sshd.log");
}

}  // namespace

std::string make_keys_and_configs(const ClusterPlan& plan) {
  const size_t nodes = plan.nodes.size();
  return in_parallel(nodes + 1, [&](size_t i) -> std::string {
    if (i == nodes) return keygen(plan.key_file, "faultline-" + plan.name);
    const ClusterNodePlan& node = plan.nodes[i];
    std::error_code error;
    fs::create_directories(node.dir, error);
    if (error) return "cannot create " + node.dir + ": " + error.message();
    if (std::string e = keygen(node.dir + "/ssh_host_ed25519_key", node.name); !e.empty()) {
      return e;
    }
    return write_text_file(node.dir + "/sshd_config", sshd_config(plan, node),
                           fs::perms::owner_read | fs::perms::owner_write);
  });
}

std::string write_key_lists(const ClusterPlan& plan) {
  const auto rw_r_r = fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                      fs::perms::others_read;
  const std::string public_key = read_file_or_empty(plan.key_file + ".pub");
  if (public_key.empty()) return "cannot read " + plan.key_file + ".pub";
  if (std::string e = write_text_file(plan.authorized_keys, public_key, rw_r_r); !e.empty()) {
    return e;
  }
  std::string known;
  for (const ClusterNodePlan& node : plan.nodes) {
    std::istringstream host_key(read_file_or_empty(node.dir + "/ssh_host_ed25519_key.pub"));
    std::string type, key;
    if (!(host_key >> type >> key)) return "cannot read the host key of " + node.name;
    known += node.address + " " + type + " " + key + "\n";
  }
  return write_text_file(plan.known_hosts, known, rw_r_r);
}

std::string start_node(const ClusterPlan& plan, const ClusterNodePlan& node,
                       const std::string& sshd) {
  if (std::string e = configure_interfaces(plan, node); !e.empty()) return e;
  // Like a machine of its own, the node has its own (empty) home for the login
  // user, mounted over the controller's in a private mount namespace: sshd runs
  // every command through the login shell, and the controller's shell start-up
  // files (here `pyenv init` in /root/.bashrc, ~100 ms) must not run per command.
  // Likewise its own kNodeStateDir (fault state, database data), as on a real machine.
  std::error_code error;
  const std::string home = node.dir + "/home";
  const std::string state = node.dir + "/state";
  for (const std::string& dir : {home, state, std::string(kNodeStateDir)}) {
    fs::create_directories(dir, error);
    if (error) return "cannot create " + dir + ": " + error.message();
  }
  fs::permissions(home, fs::perms::owner_all, error);
  // sshd daemonizes (leaving this command's process group) and writes its pid file.
  return run_on_host_checked({"ip",
                              "netns",
                              "exec",
                              node.netns,
                              "unshare",
                              "--uts",
                              "--mount",
                              "--propagation",
                              "private",
                              "sh",
                              "-c",
                              "hostname \"$0\" && mount --bind \"$4\" \"$5\" && "
                              "mount --bind \"$6\" \"$7\" && exec \"$1\" -f \"$2\" -E \"$3\"",
                              node.name,
                              sshd,
                              node.dir + "/sshd_config",
                              node.dir + "/sshd.log",
                              home,
                              login_home(),
                              state,
                              kNodeStateDir});
}

std::string wait_until_ready(const ClusterPlan& plan, milliseconds timeout, std::stop_token stop) {
  const Clock::time_point deadline = Clock::now() + timeout;
  std::vector<bool> ready(plan.nodes.size(), false);
  while (true) {
    if (stop.stop_requested()) return "interrupted";
    size_t waiting = 0;
    for (size_t i = 0; i < plan.nodes.size(); ++i) {
      if (!ready[i]) ready[i] = node_ready(plan, plan.nodes[i]);
      waiting += ready[i] ? 0 : 1;
    }
    if (waiting == 0) return "";
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(milliseconds(10));
  }
  for (size_t i = 0; i < plan.nodes.size(); ++i) {
    if (!ready[i]) return not_ready_error(plan.nodes[i], timeout);
  }
  return "";
}

}  // namespace faultline
