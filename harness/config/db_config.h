// The `db` part of a test file: which database runs on the nodes and how each
// step of its life is done.
//
//   db: etcd                 # built in: faultline knows every step
//
//   db:                      # any other database: a shell command per step
//     kind: shell
//     process: redis-server  # the process pause/resume/kill signal (pgrep -x)
//     logs: [/var/lib/faultline/redis.log]   # collected after the run
//     steps:
//       install: apt-get install -y redis-server
//       start: redis-server --port 6379 --logfile /var/lib/faultline/redis.log
//       await_ready: redis-cli -h ${address} ping
//       stop: redis-cli -h ${address} shutdown
//
// Commands may use ${node} (the node's name), ${address} (its address) and
// ${peers} (every node's address, comma-separated). They are shell variables
// set for the step's script, so the shell expands them and nothing is quoted
// by hand. Another lower-case ${...} is an error with "did you mean";
// upper-case ones (${HOME}) are the node's environment.
// Pure functions; safe from any thread.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/remote/command.h"
#include "harness/base/source_error.h"

namespace faultline {

enum class DbKind { kEtcd, kShell };

struct DbConfig {
  DbKind kind = DbKind::kEtcd;
  // kShell: step name (one of db_steps()) -> command template with variables.
  std::map<std::string, std::string> steps;
  std::string process;            // the process to signal; empty: the kind's own
  std::vector<std::string> logs;  // log files to collect from every node
  // kShell: files copied to every node before `install` (Jepsen's upload):
  // the controller's file (absolute: resolved against the test file's
  // folder) and the absolute path it gets on the node.
  struct File {
    std::string local;
    std::string remote;
  };
  std::vector<File> files;
  SourceLocation where;  // of the `db` key's value, for later messages
};

// Every step of a db's life, in the order a run meets them.
std::vector<std::string> db_steps();
// Steps a shell db must define.
std::vector<std::string> required_db_steps();
// The variables commands may use: node, address, peers.
std::vector<std::string> db_variables();

// The `db` value of a test file read from `file` (for messages).
Parsed<DbConfig> parse_db(const YAML::Node& db, const std::string& file);

// What the variables of one node's step are.
struct DbNodeVariables {
  std::string node;
  std::string address;
  std::vector<std::string> peers;  // every node's address, this one's included
  // Every node's name, in the order of `peers`: a db whose members know each
  // other by name (etcd's initial cluster) needs them. Not a step variable.
  std::vector<std::string> peer_names{};  // {}: older aggregate initializers may leave it out
};

// The script of a shell db's `step` with the node's variables set; nothing
// when the db has no such step.
std::optional<Command> db_step_command(const DbConfig& db, const std::string& step,
                                       const DbNodeVariables& node);

}  // namespace faultline
