#include "harness/run/run_progress.h"

#include <filesystem>

#include "harness/remote/shell.h"
#include "harness/base/text_file.h"

namespace faultline {

void RunProgress::reset() {
  std::lock_guard lock(mutex_);
  store_dir_.clear();
  local_cluster_.clear();
  heal_nodes_file_.clear();
  released_ = false;
  results_.reset();
  final_exit_code_.reset();
}

void RunProgress::set_store(const std::string& dir) {
  std::lock_guard lock(mutex_);
  store_dir_ = dir;
}

void RunProgress::set_local_cluster(const std::string& name) {
  std::lock_guard lock(mutex_);
  local_cluster_ = name;
}

void RunProgress::set_heal_nodes_file(const std::string& path) {
  std::lock_guard lock(mutex_);
  heal_nodes_file_ = path;
}

void RunProgress::set_released() {
  std::lock_guard lock(mutex_);
  local_cluster_.clear();
  heal_nodes_file_.clear();
  released_ = true;
}

std::optional<std::string> RunProgress::save(const Json& results) {
  std::lock_guard lock(mutex_);
  if (forced_ || store_dir_.empty()) return std::nullopt;
  results_ = results;
  return write_file_atomically(store_dir_ + "/results.json",
                               results.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
}

std::vector<std::string> RunProgress::cleanup_commands_locked() const {
  std::vector<std::string> commands;
  std::error_code ec;
  if (!heal_nodes_file_.empty() && std::filesystem::exists(heal_nodes_file_, ec)) {
    commands.push_back("faultline heal --nodes-file " + shell_quote(heal_nodes_file_));
  }
  if (!local_cluster_.empty()) {
    commands.push_back("faultline cluster down --name " + shell_quote(local_cluster_));
  }
  return commands;
}

int RunProgress::exit_at_once(int signal, std::ostream& err) {
  std::lock_guard lock(mutex_);
  forced_ = true;
  const std::vector<std::string> commands = cleanup_commands_locked();
  if (final_exit_code_) {
    err << "\nfaultline: exiting at once; the run had already stored its results in " << store_dir_
        << "\n";
    return *final_exit_code_;
  }
  const int exit_code = 128 + signal;
  std::string reason =
      "exited at once on signal " + std::to_string(signal) +
      (released_ ? " while checking the history (every fault was healed and the nodes released)"
                 : " before healing and teardown finished: faults, the database" +
                       (local_cluster_.empty() ? std::string()
                                               : " and local cluster '" + local_cluster_ + "'") +
                       " may be left");
  for (size_t i = 0; i < commands.size(); ++i) {
    reason += (i == 0 ? "; clean up with: " : ", then: ") + commands[i];
  }
  if (!store_dir_.empty() && results_) {
    Json results = *results_;
    results["errors"].push_back(reason);
    results["run_errors"] = results["errors"];
    results["verdict"] = "unknown";
    results["valid"] = "unknown";
    results["interrupted"] = true;
    results["interrupt_signal"] = signal;
    results["exit_code"] = exit_code;
    write_file_atomically(store_dir_ + "/results.json",
                          results.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
  }
  err << "\nfaultline: exiting at once"
      << (released_ ? "; the history was not checked"
                    : "; faults, the database and the nodes may be left as they are");
  if (!store_dir_.empty()) err << " (what was recorded is in " << store_dir_ << ")";
  err << (commands.empty() ? "\n" : ". Clean up with:\n");
  for (const std::string& command : commands) err << "  " << command << "\n";
  err << std::flush;
  return exit_code;
}

}  // namespace faultline
