// The database under test, as a run drives it: every step of its life on one
// node, and the whole cluster's setup and teardown in parallel.
//
// Kinds: etcd (built in: db_etcd.cc) and shell (the test file's commands per
// step: db_shell.cc). make_db() picks one from the test file's DbConfig.
//
// Each step runs on one node through its Remote and returns nothing or an
// error that names the node, the step and the output's tail. Steps are
// called from one thread per node (as on_nodes() does); a Db is otherwise
// immutable, so it may be shared by those threads.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "harness/remote/command.h"
#include "harness/config/db_config.h"
#include "harness/remote/remote.h"
#include "nemeses/process_commands.h"

namespace faultline {

// A failed step: "n2: start: etcd exited (status 1): <tail of its log>".
struct DbStepError {
  std::string node;
  std::string step;
  std::string message;
  std::string to_string() const { return node + ": " + step + ": " + message; }
};
using DbStepResult = std::optional<DbStepError>;  // nothing: done

class Db {
 public:
  virtual ~Db() = default;
  virtual std::string_view kind() const = 0;  // "etcd", "shell"

  // Each step on one node. `node` carries its name, address and every peer.
  virtual DbStepResult install(Remote& remote, const DbNodeVariables& node) const = 0;
  virtual DbStepResult configure(Remote& remote, const DbNodeVariables& node) const = 0;
  virtual DbStepResult start(Remote& remote, const DbNodeVariables& node) const = 0;
  // Waits until the node serves clients, up to `limit`.
  virtual DbStepResult await_ready(Remote& remote, const DbNodeVariables& node,
                                   std::chrono::milliseconds limit) const = 0;
  virtual DbStepResult stop(Remote& remote, const DbNodeVariables& node) const = 0;
  virtual DbStepResult kill(Remote& remote, const DbNodeVariables& node) const = 0;
  // Removes the node's data, so the next run starts from nothing.
  virtual DbStepResult wipe(Remote& remote, const DbNodeVariables& node) const = 0;

  // The process the pause/kill nemeses signal (name matched by pgrep -x).
  virtual ProcessSpec process() const = 0;
  // The db's own command for a process fault on the node, "kill", "pause" or
  // "resume" (a shell db's steps), which the nemesis then runs instead of
  // signalling process(); nothing: it signals. "primaries": the command that
  // prints the node's name when it leads (nothing: the db cannot say).
  virtual std::optional<Command> fault_step(const std::string& action,
                                            const DbNodeVariables& node) const {
    (void)action, (void)node;
    return std::nullopt;
  }
  // The command that starts the node's process again after a kill (it must
  // detach); nothing when this db cannot be restarted that way.
  virtual std::optional<Command> restart_command(const DbNodeVariables& node) const = 0;
  // Log files on the node, collected into the store after the run.
  virtual std::vector<std::string> log_files(const DbNodeVariables& node) const = 0;
  // Where clients reach the node: "10.0.0.2:2379" for etcd; empty when the
  // db does not say (an adapter then gets only the node's address).
  virtual std::string client_endpoint(const DbNodeVariables& node) const = 0;
};

std::unique_ptr<Db> make_db(const DbConfig& config);

// One line per node and step, for the run's log ("n1: start: ok (0.4 s)").
using DbLog = std::function<void(const std::string& line)>;

struct DbClusterReport {
  std::vector<DbStepError> errors;  // empty: every node did every step
  bool ok() const { return errors.empty(); }
};

// Brings the database up on every node in parallel: kill any leftover
// process, wipe, install, configure, start; then waits for every node to be
// ready (up to `ready_limit`). Stops early between steps when `stop` is
// requested (the error then says "interrupted"). When any node fails before
// it is started, no node waits for readiness (a lone member would only spend
// the limit); nodes already started are left for db_down. Every step is
// logged with its duration. remotes[i] and nodes[i] belong to the same node.
DbClusterReport db_up(const Db& db, const std::vector<Remote*>& remotes,
                      const std::vector<DbNodeVariables>& nodes, const DbLog& log,
                      std::chrono::milliseconds ready_limit, std::stop_token stop = {});

// Stops the database on every node (stop, then kill when stop fails or the
// process is still there), in parallel.
DbClusterReport db_down(const Db& db, const std::vector<Remote*>& remotes,
                        const std::vector<DbNodeVariables>& nodes, const DbLog& log);

// Copies every node's log files into `local_dir`/<node>/ (made as needed),
// named by local_log_names(). A missing log file is an error for that node
// (step "collect_logs"), and the others still come.
// The local file name of each remote log file: its base name, or, when two
// files share it (or it is no file name, like ".."), the whole path with '/'
// as '_' ("/var/log/a/server.log" -> "var_log_a_server.log"), and ".1",
// ".2", ... where names still meet, so no log overwrites another and none
// lands outside its node's directory.
std::vector<std::string> local_log_names(const std::vector<std::string>& remote_paths);

DbClusterReport collect_db_logs(const Db& db, const std::vector<Remote*>& remotes,
                                const std::vector<DbNodeVariables>& nodes,
                                const std::string& local_dir);

}  // namespace faultline
