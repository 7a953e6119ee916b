#include "harness/db/db_shell.h"

#include <algorithm>

#include "harness/db/db_step.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kInstallTimeout{600'000};
constexpr milliseconds kStepTimeout{120'000};
constexpr milliseconds kReadyTryTimeout{10'000};

class ShellDb : public Db {
 public:
  explicit ShellDb(DbConfig config) : config_(std::move(config)) {}

  std::string_view kind() const override { return "shell"; }

  DbStepResult install(Remote& remote, const DbNodeVariables& node) const override {
    if (DbStepResult error = upload_files(remote)) return error;
    return run_if_defined(remote, "install", node, kInstallTimeout);
  }
  DbStepResult configure(Remote& remote, const DbNodeVariables& node) const override {
    return run_if_defined(remote, "configure", node, kStepTimeout);
  }
  DbStepResult start(Remote& remote, const DbNodeVariables& node) const override {
    return run_if_defined(remote, "start", node, kStepTimeout);
  }
  DbStepResult wipe(Remote& remote, const DbNodeVariables& node) const override {
    return run_if_defined(remote, "wipe", node, kStepTimeout);
  }

  DbStepResult await_ready(Remote& remote, const DbNodeVariables& node,
                           milliseconds limit) const override {
    std::optional<Command> check = step("await_ready", node, kReadyTryTimeout);
    if (!check) return std::nullopt;
    return retry_until_ok(remote, "await_ready", limit, [&](milliseconds left) {
      Command once = *check;
      once.timeout = std::min(left, kReadyTryTimeout);
      return once;
    });
  }

  DbStepResult stop(Remote& remote, const DbNodeVariables& node) const override {
    if (std::optional<Command> command = step("stop", node, kStepTimeout)) {
      return run_step(remote, "stop", *command);
    }
    return kill_process(remote, "stop");
  }

  DbStepResult kill(Remote& remote, const DbNodeVariables& node) const override {
    if (std::optional<Command> command = step("kill", node, kStepTimeout)) {
      // Exit 3 (kNotRunningStatus) is fine here, before the run and at
      // teardown; the kill fault (run_process_steps) calls it an error.
      return run_kill_step(remote, "kill", *command);
    }
    return kill_process(remote, "kill");
  }

  ProcessSpec process() const override {
    return {config_.process, "", /*own_network_namespace=*/true};
  }

  std::optional<Command> fault_step(const std::string& action,
                                    const DbNodeVariables& node) const override {
    if (action != "kill" && action != "pause" && action != "resume" && action != "primaries") {
      return std::nullopt;
    }
    return step(action, node, kStepTimeout);
  }

  // The db's `files`, each into its folder on the node (made if missing).
  DbStepResult upload_files(Remote& remote) const {
    for (const DbConfig::File& file : config_.files) {
      const std::string folder = file.remote.substr(0, file.remote.rfind('/'));
      if (!folder.empty()) {
        Command mkdir = Command::of({"mkdir", "-p", folder});
        mkdir.timeout = kStepTimeout;
        if (DbStepResult error = run_step(remote, "files", mkdir)) return error;
      }
      if (auto copied = remote.upload(file.local, file.remote); !copied) {
        return DbStepError{
            remote.node(), "files",
            "cannot copy " + file.local + " to " + file.remote + ": " + copied.error().to_string()};
      }
    }
    return std::nullopt;
  }

  std::optional<Command> restart_command(const DbNodeVariables& node) const override {
    return step("start", node, kStepTimeout);
  }

  std::vector<std::string> log_files(const DbNodeVariables&) const override { return config_.logs; }

  std::string client_endpoint(const DbNodeVariables&) const override { return ""; }

 private:
  std::optional<Command> step(const std::string& name, const DbNodeVariables& node,
                              milliseconds timeout) const {
    std::optional<Command> command = db_step_command(config_, name, node);
    if (command) {
      command->sudo = true;  // steps install packages and write below /var/lib
      command->timeout = timeout;
    }
    return command;
  }

  DbStepResult run_if_defined(Remote& remote, const std::string& name, const DbNodeVariables& node,
                              milliseconds timeout) const {
    std::optional<Command> command = step(name, node, timeout);
    if (!command) return std::nullopt;
    return run_step(remote, name, *command);
  }

  // SIGKILL to `process` (not running is fine); without one there is nothing
  // to signal. db_up's leftover kill is then a no-op, and the test file's
  // checks refuse kill faults for such a db.
  DbStepResult kill_process(Remote& remote, const std::string& name) const {
    if (config_.process.empty()) {
      if (name == "kill") return std::nullopt;
      return DbStepError{remote.node(), name,
                         "the db has no '" + name + "' step and no 'process' to kill"};
    }
    return kill_step(remote, name, process());
  }

  DbConfig config_;
};

}  // namespace

std::unique_ptr<Db> make_shell_db(DbConfig config) {
  return std::make_unique<ShellDb>(std::move(config));
}

}  // namespace faultline
