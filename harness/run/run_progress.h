// What a run has made so far (its store folder, its local cluster, the nodes
// file to heal with, its results), shared between the run and the signal
// thread. It exists for the exit at once (the third Ctrl-C): then there is no
// time to heal, so faultline says exactly what to run to clean up, and leaves
// a results.json that says what happened; the exit code and results.json
// agree. Every write of results.json during the run goes through here, so the
// exit at once never races with one.
#pragma once

#include <mutex>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "harness/history/op.h"

namespace faultline {

class RunProgress {
 public:
  // Forgets the previous run of a series (not an exit at once that began).
  void reset();
  void set_store(const std::string& dir);
  // The local cluster made for the run, once its name is claimed.
  void set_local_cluster(const std::string& name);
  // The nodes file that `faultline heal --nodes-file` takes for these nodes.
  void set_heal_nodes_file(const std::string& path);
  // Every fault is healed and the nodes are released (the local cluster is
  // gone): nothing is left to clean up.
  void set_released();

  // Writes STORE/results.json atomically and keeps it as the latest state.
  // The error, if any. Nothing is written once an exit at once has begun.
  std::optional<std::string> save(const Json& results);
  // Runs `write_final` (which writes the final results.json and returns its
  // exit code) under the lock; an exit at once then keeps that file and
  // exits with that code.
  template <class F>
  void finish(F write_final) {
    std::lock_guard lock(mutex_);
    if (forced_) return;
    final_exit_code_ = write_final();
  }

  // For the exit at once: unless the run already stored its verdict, writes
  // results.json as unknown with the reason and `128 + signal`; prints the
  // cleanup commands to `err`. Returns the exit code, which agrees with
  // results.json. After it, save() and finish() do nothing.
  int exit_at_once(int signal, std::ostream& err);

 private:
  // The commands that clean up what the run may leave; none when nothing is known.
  std::vector<std::string> cleanup_commands_locked() const;

  mutable std::mutex mutex_;
  std::string store_dir_;
  std::string local_cluster_;
  std::string heal_nodes_file_;
  std::optional<Json> results_;
  std::optional<int> final_exit_code_;
  bool released_ = false;
  bool forced_ = false;
};

}  // namespace faultline
