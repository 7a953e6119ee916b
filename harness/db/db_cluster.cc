// db_up, db_down and collect_db_logs: one thread per node (on_nodes), every
// node's errors kept, one log line per node and step.
#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <system_error>

#include "harness/db/db.h"
#include "harness/db/db_step.h"
#include "harness/remote/parallel.h"

namespace faultline {
namespace {

using Clock = std::chrono::steady_clock;
using StepErrors = std::vector<DbStepError>;

// Calls the caller's log from one thread at a time.
class SerialLog {
 public:
  explicit SerialLog(const DbLog& log) : log_(log) {}
  void operator()(const std::string& line) {
    if (!log_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    log_(line);
  }

 private:
  const DbLog& log_;
  std::mutex mutex_;
};

// Runs one step, timing and logging it: "n1: start: ok (0.4 s)".
DbStepResult logged(SerialLog& log, const std::string& node, const std::string& step,
                    const std::function<DbStepResult()>& run) {
  const Clock::time_point began = Clock::now();
  DbStepResult result = run();
  const std::string took =
      seconds_text(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - began));
  log(node + ": " + step +
      (result ? ": failed (" + took + "): " + result->message : ": ok (" + took + ")"));
  return result;
}

// on_nodes() over index i (remotes[i] with nodes[i]); every node's errors, in node order.
DbClusterReport per_node(const std::vector<Remote*>& remotes, size_t node_count,
                         const std::function<StepErrors(size_t)>& action) {
  if (remotes.size() != node_count) {
    throw std::invalid_argument("db: " + std::to_string(remotes.size()) + " remotes for " +
                                std::to_string(node_count) + " nodes");
  }
  auto outcomes = on_nodes<StepErrors>(remotes, [&](Remote& remote) {
    // on_nodes() hands over the Remote; its index finds the node's variables.
    size_t i = 0;
    while (remotes[i] != &remote) ++i;
    return RemoteResult<StepErrors>(action(i));
  });
  DbClusterReport report;
  for (auto& outcome : outcomes) {
    for (DbStepError& error : outcome.result.value()) report.errors.push_back(std::move(error));
  }
  return report;
}

using NodeStep = DbStepResult (Db::*)(Remote&, const DbNodeVariables&) const;

struct NamedStep {
  const char* name;
  NodeStep step;
};

// Until start: a leftover process is killed and its data wiped first.
const NamedStep kUpSteps[] = {{"kill", &Db::kill},
                              {"wipe", &Db::wipe},
                              {"install", &Db::install},
                              {"configure", &Db::configure},
                              {"start", &Db::start}};

StepErrors bring_up(const Db& db, Remote& remote, const DbNodeVariables& node, SerialLog& log,
                    const std::stop_token& stop) {
  for (const NamedStep& step : kUpSteps) {
    if (stop.stop_requested()) return {{remote.node(), step.name, "interrupted"}};
    DbStepResult failed =
        logged(log, remote.node(), step.name, [&] { return (db.*step.step)(remote, node); });
    if (failed) return {*failed};
  }
  return {};
}

// After a stop that succeeded: whether the db's process still runs (an
// asynchronous shutdown, or a stop step that missed it).
bool still_running(const Db& db, Remote& remote) {
  const ProcessSpec process = db.process();
  if (process.name.empty() && process.pid_file.empty()) return false;
  return ran_ok(remote.run(find_command(process)));
}

StepErrors bring_down(const Db& db, Remote& remote, const DbNodeVariables& node, SerialLog& log) {
  const std::string& name = remote.node();
  DbStepResult stopped = logged(log, name, "stop", [&] { return db.stop(remote, node); });
  if (!stopped && !still_running(db, remote)) return {};
  DbStepResult killed = logged(log, name, "kill", [&] { return db.kill(remote, node); });
  StepErrors errors;
  if (stopped) {
    stopped->message += killed ? "" : " (killed instead)";
    errors.push_back(*stopped);
  }
  if (killed) errors.push_back(*killed);
  return errors;
}

StepErrors download_logs(const Db& db, Remote& remote, const DbNodeVariables& node,
                         const std::filesystem::path& local_dir) {
  const std::filesystem::path dir = local_dir / remote.node();
  std::error_code made;
  std::filesystem::create_directories(dir, made);
  if (made) {
    return {{remote.node(), "collect_logs", "cannot make " + dir.string() + ": " + made.message()}};
  }
  StepErrors errors;
  const std::vector<std::string> files = db.log_files(node);
  const std::vector<std::string> names = local_log_names(files);
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string& file = files[i];
    RemoteResult<Done> copied = remote.download(file, (dir / names[i]).string());
    if (!copied) {
      errors.push_back({remote.node(), "collect_logs", file + ": " + copied.error().to_string()});
    }
  }
  return errors;
}

std::string flattened(const std::string& path) {
  std::string name;
  for (char c : path) {
    if (c == '/') {
      if (!name.empty() && name.back() != '_') name += '_';
    } else {
      name += c;
    }
  }
  if (!name.empty() && name.back() == '_') name.pop_back();
  if (name.empty() || name == "." || name == "..") name = "log";
  return name;
}

}  // namespace

std::vector<std::string> local_log_names(const std::vector<std::string>& remote_paths) {
  std::map<std::string, int> uses;
  std::vector<std::string> names;
  for (const std::string& path : remote_paths) {
    std::string name = std::filesystem::path(path).filename().string();
    if (name.empty() || name == "." || name == "..") name = flattened(path);
    names.push_back(name);
    ++uses[name];
  }
  for (size_t i = 0; i < names.size(); ++i) {
    if (uses[names[i]] > 1) names[i] = flattened(remote_paths[i]);
  }
  // Flattened paths can still meet ("/a/b/x" and "/a_b/x"; "/a/x" and a file
  // named "a_x"): the later ones get ".1", ".2", ...
  std::set<std::string> taken;
  for (std::string& name : names) {
    const std::string base = name;
    for (int n = 1; !taken.insert(name).second; ++n) name = base + "." + std::to_string(n);
  }
  return names;
}

DbClusterReport db_up(const Db& db, const std::vector<Remote*>& remotes,
                      const std::vector<DbNodeVariables>& nodes, const DbLog& log,
                      std::chrono::milliseconds ready_limit, std::stop_token stop) {
  SerialLog serial(log);
  DbClusterReport started = per_node(remotes, nodes.size(), [&](size_t i) {
    return bring_up(db, *remotes[i], nodes[i], serial, stop);
  });
  // A member alone rarely becomes ready (etcd needs a quorum): waiting for the
  // others after one failed would only spend the limit.
  if (!started.ok()) return started;
  return per_node(remotes, nodes.size(), [&](size_t i) -> StepErrors {
    Remote& remote = *remotes[i];
    if (stop.stop_requested()) return {{remote.node(), "await_ready", "interrupted"}};
    DbStepResult failed = logged(serial, remote.node(), "await_ready",
                                 [&] { return db.await_ready(remote, nodes[i], ready_limit); });
    if (failed) return {*failed};
    return {};
  });
}

DbClusterReport db_down(const Db& db, const std::vector<Remote*>& remotes,
                        const std::vector<DbNodeVariables>& nodes, const DbLog& log) {
  SerialLog serial(log);
  return per_node(remotes, nodes.size(),
                  [&](size_t i) { return bring_down(db, *remotes[i], nodes[i], serial); });
}

DbClusterReport collect_db_logs(const Db& db, const std::vector<Remote*>& remotes,
                                const std::vector<DbNodeVariables>& nodes,
                                const std::string& local_dir) {
  return per_node(remotes, nodes.size(),
                  [&](size_t i) { return download_logs(db, *remotes[i], nodes[i], local_dir); });
}

}  // namespace faultline
