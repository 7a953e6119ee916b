#include "harness/db/db_etcd.h"

#include <algorithm>

#include "harness/db/db_etcd_scripts.h"
#include "harness/db/db_step.h"
#include "harness/remote/node_paths.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kInstallTimeout{600'000};
constexpr milliseconds kHealthTryTimeout{5'000};

Command root(Command command, milliseconds timeout) {
  command.sudo = true;
  command.timeout = timeout;
  return command;
}

Command script(const char* text, const char* name, std::vector<std::string> args) {
  std::vector<std::string> argv{"sh", "-c", text, name};
  argv.insert(argv.end(), args.begin(), args.end());
  return Command::of(std::move(argv));
}

class EtcdDb : public Db {
 public:
  explicit EtcdDb(std::vector<std::string> extra_logs) : extra_logs_(std::move(extra_logs)) {}

  std::string_view kind() const override { return "etcd"; }

  DbStepResult install(Remote& remote, const DbNodeVariables&) const override {
    Command command = root(Command::shell(etcd_scripts::kInstall), kInstallTimeout);
    command.env["DEBIAN_FRONTEND"] = "noninteractive";
    return run_step(remote, "install", command);
  }

  DbStepResult configure(Remote& remote, const DbNodeVariables&) const override {
    return run_step(remote, "configure",
                    root(Command::of({"mkdir", "-p", "--", etcd_dir()}), milliseconds(30'000)));
  }

  DbStepResult start(Remote& remote, const DbNodeVariables& node) const override {
    std::optional<Command> command = restart_command(node);
    if (!command) {
      return DbStepError{remote.node(), "start",
                         "no initial cluster: " + std::to_string(node.peer_names.size()) +
                             " peer names for " + std::to_string(node.peers.size()) +
                             " peer addresses"};
    }
    return run_step(remote, "start", *command);
  }

  DbStepResult await_ready(Remote& remote, const DbNodeVariables& node,
                           milliseconds limit) const override {
    const std::string endpoint = "http://" + client_endpoint(node);
    DbStepResult failed = retry_until_ok(remote, "await_ready", limit, [&](milliseconds left) {
      Command health = Command::of({"etcdctl", "--endpoints", endpoint, "--dial-timeout=1s",
                                    "--command-timeout=2s", "endpoint", "health"});
      health.timeout = std::min(left, kHealthTryTimeout);
      return health;
    });
    if (failed) failed->message += "; " + log_tail(remote);
    return failed;
  }

  DbStepResult stop(Remote& remote, const DbNodeVariables&) const override {
    return run_step(remote, "stop",
                    root(script(etcd_scripts::kStop, "faultline-etcd-stop", {etcd_pid_file()}),
                         milliseconds(15'000)));
  }

  DbStepResult kill(Remote& remote, const DbNodeVariables&) const override {
    return kill_step(remote, "kill", process());
  }

  DbStepResult wipe(Remote& remote, const DbNodeVariables&) const override {
    // The log goes too: the next run's collected log is its own.
    return run_step(remote, "wipe",
                    root(Command::of({"rm", "-rf", "--", etcd_data_dir(), etcd_log_file()}),
                         milliseconds(60'000)));
  }

  ProcessSpec process() const override { return {"etcd", "", /*own_network_namespace=*/true}; }

  std::optional<Command> restart_command(const DbNodeVariables& node) const override {
    std::optional<std::string> initial = etcd_initial_cluster(node);
    if (!initial) return std::nullopt;
    return root(script(etcd_scripts::kStart, "faultline-etcd-start",
                       {node.node, node.address, *initial, etcd_dir()}),
                milliseconds(30'000));
  }

  std::vector<std::string> log_files(const DbNodeVariables&) const override {
    std::vector<std::string> files{etcd_log_file()};
    files.insert(files.end(), extra_logs_.begin(), extra_logs_.end());
    return files;
  }

  std::string client_endpoint(const DbNodeVariables& node) const override {
    return node.address + ":2379";
  }

 private:
  // "etcd.log: <its last lines>", for an error.
  static std::string log_tail(Remote& remote) {
    RemoteResult<CommandResult> tail = remote.run(
        root(Command::of({"tail", "-n", "20", "--", etcd_log_file()}), milliseconds(10'000)));
    if (!ran_ok(tail)) return etcd_log_file() + " unreadable: " + describe_outcome(tail);
    const std::string text = tail->tail(600);
    return etcd_log_file() + (text.empty() ? " is empty" : " ends: " + text);
  }

  std::vector<std::string> extra_logs_;
};

}  // namespace

std::string etcd_dir() { return std::string(kNodeStateDir) + "/etcd"; }
std::string etcd_data_dir() { return etcd_dir() + "/data"; }
std::string etcd_log_file() { return etcd_dir() + "/etcd.log"; }
std::string etcd_pid_file() { return etcd_dir() + "/etcd.pid"; }

std::optional<std::string> etcd_initial_cluster(const DbNodeVariables& node) {
  if (node.peers.empty() || node.peer_names.size() != node.peers.size()) return std::nullopt;
  std::string cluster;
  for (size_t i = 0; i < node.peers.size(); ++i) {
    if (!cluster.empty()) cluster += ",";
    cluster += node.peer_names[i] + "=http://" + node.peers[i] + ":2380";
  }
  return cluster;
}

std::unique_ptr<Db> make_etcd_db(std::vector<std::string> extra_logs) {
  return std::make_unique<EtcdDb>(std::move(extra_logs));
}

}  // namespace faultline
