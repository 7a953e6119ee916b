#include "harness/run/run_test.h"

#include <signal.h>

#include <filesystem>
#include <optional>
#include <random>

#include "harness/base/text_file.h"
#include "harness/db/db.h"
#include "harness/run/analysis.h"
#include "harness/run/client_choice.h"
#include "harness/run/progress_reporter.h"
#include "harness/run/results.h"
#include "harness/run/run_index.h"
#include "harness/run/run_log.h"
#include "harness/run/run_nemesis.h"
#include "harness/run/run_nodes.h"
#include "harness/run/store.h"
#include "harness/run/test_as_run.h"
#include "harness/runner/runner.h"
#include "workloads/catalog.h"

namespace faultline {
namespace {

// Short enough to type when replaying a run.
uint64_t fresh_seed() {
  std::random_device device;
  return ((static_cast<uint64_t>(device()) << 32) ^ device()) % 1'000'000'000;
}

std::string seconds_text(std::chrono::steady_clock::duration d) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f s", std::chrono::duration<double>(d).count());
  return buffer;
}

// One run, step by step. Every step that fails records its error in the
// results and the run goes on to teardown: heal, logs, db down, nodes
// released, and the history checked as far as it goes.
class RunSession {
 public:
  RunSession(const TestFile& test, const RunOptions& options, std::ostream& terminal,
             std::stop_token stop)
      : test_(test),
        options_(options),
        log_(&terminal, clock_),
        terminal_(terminal),
        stop_(stop),
        progress_(options.progress ? options.progress : &own_progress_),
        live_(std::chrono::steady_clock::now()),
        display_(live_, log_) {}

  RunOutcome run(const std::string& original_text) {
    display_.start(terminal_, options_.live_progress, options_.terminal_width);
    const auto started = std::chrono::system_clock::now();
    seed_ = test_.seed ? *test_.seed : fresh_seed();
    Result<StoreDir, std::string> store = make_store_dir(options_.store_root, test_.name, started);
    if (!store) {
      log_.echo("faultline run: cannot make the store: " + store.error());
      return RunOutcome{"", Json{{"errors", {store.error()}}}, kExitHarnessFailed};
    }
    store_ = *store;
    progress_->set_store(store_.dir);
    if (!log_.open(store_.path("faultline.log"))) {
      log_.echo("warning: cannot write " + store_.path("faultline.log"));
    }
    if (!store_.warning.empty()) log_.echo("warning: " + store_.warning);
    log_.echo("run '" + test_.name + "', seed " + std::to_string(seed_) + ": " + store_.dir);
    results_ = initial_results(test_, seed_, iso_utc(started));
    try {
      if (auto e = write_file_atomically(store_.path("test.yaml"),
                                         test_as_run(original_text, test_, seed_))) {
        add_error(results_, "cannot write test.yaml: " + *e);
      }
    } catch (const std::exception& e) {
      add_error(results_, std::string("cannot write test.yaml: ") + e.what());
    }
    // An interrupted run, even one stopped during setup, has a history (maybe empty).
    if (auto e = write_file_atomically(store_.path("history.jsonl"), "")) {
      add_error(results_, "cannot write history.jsonl: " + *e);
    }
    save_results();  // so `analyze` knows the workload even if this run dies

    const auto began = std::chrono::steady_clock::now();
    try {
      if (bring_up()) exercise();
    } catch (const std::exception& e) {
      fail(std::string("the run failed: ") + e.what());
    }
    try {
      tear_down();
    } catch (const std::exception& e) {
      fail(std::string("teardown failed: ") + e.what());
    }
    save_results();  // what an exit at once during the check keeps
    results_["seconds"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    results_["finished"] = iso_utc(std::chrono::system_clock::now());
    // Decided once: a signal after this point no longer changes the verdict
    // (the run had run its course), so results.json and the exit code agree.
    results_["interrupted"] = stop_.stop_requested();
    if (stop_.stop_requested()) {
      const int signal = options_.stop_signal ? options_.stop_signal() : 0;
      results_["interrupt_signal"] = signal > 0 ? signal : SIGINT;
    }
    conclude();
    return RunOutcome{store_.dir, results_, results_.value("exit_code", kExitHarnessFailed)};
  }

 private:
  void fail(const std::string& error) {
    log_.echo("error: " + error);
    add_error(results_, error);
  }

  void save_results() {
    if (auto e = progress_->save(results_)) {
      log_.echo("warning: cannot write results.json: " + *e);
    }
  }

  // Nodes, then the database on every node.
  bool bring_up() {
    if (test_.nodes.kind == NodesSource::Kind::kFile) {
      progress_->set_heal_nodes_file(test_.nodes.file);
    }
    Result<RunNodes, std::string> nodes = open_run_nodes(
        test_.nodes, store_.path("nodes.yaml"), log_, stop_, [this](const std::string& name) {
          // Named before anything is made, so a killed run can be cleaned up.
          progress_->set_local_cluster(name);
          progress_->set_heal_nodes_file(store_.path("nodes.yaml"));
          results_["local_cluster"] = name;
          save_results();
        });
    if (!nodes) {
      fail("nodes: " + nodes.error());
      return false;
    }
    nodes_ = std::move(*nodes);
    results_["nodes"] = nodes_json(nodes_->names(), nodes_->addresses);
    save_results();
    for (const NodeSpec& node : nodes_->nodes()) {
      DbNodeVariables variables{node.name, nodes_->addresses.at(node.name), {}};
      for (const NodeSpec& peer : nodes_->nodes()) {
        variables.peers.push_back(nodes_->addresses.at(peer.name));
        variables.peer_names.push_back(peer.name);
      }
      variables_.push_back(std::move(variables));
    }
    db_ = make_db(test_.db);
    const auto began = std::chrono::steady_clock::now();
    log_.echo("db: setting up " + std::string(db_->kind()) + " on " +
              std::to_string(variables_.size()) + " nodes");
    db_started_ = true;  // before: db_up may start some nodes and then throw
    DbClusterReport up = db_up(
        *db_, nodes_->pointers(), variables_,
        [this](const std::string& line) { log_.line("db: " + line); }, options_.ready_limit, stop_);
    db_started_ = true;
    for (const DbStepError& e : up.errors) fail("db: " + e.to_string());
    if (!up.ok()) return false;
    log_.echo("db: ready on every node (" + seconds_text(std::chrono::steady_clock::now() - began) +
              ")");
    return !stop_.stop_requested();
  }

  // Clients and nemesis together, until the generator is done.
  void exercise() {
    std::unique_ptr<Workload> workload = make_workload(test_.workload, test_.txn);
    Result<ClientFactory, std::string> clients = make_client_factory(test_, *db_, variables_, log_);
    if (!clients) return fail("client: " + clients.error());
    GeneratorOptions generator_options;
    generator_options.concurrency = test_.concurrency;
    generator_options.rate = test_.rate;
    generator_options.time_limit_ns = std::chrono::nanoseconds(test_.time_limit).count();
    generator_options.ops_per_key = test_.keys.ops_per_key;
    generator_options.active_keys = test_.keys.active;
    generator_options.quiesce_ns = std::chrono::nanoseconds(options_.quiesce).count();
    generator_options.seed = seed_;
    std::optional<Generator> generator;
    try {
      generator.emplace(generator_options, std::move(workload));
    } catch (const std::invalid_argument& e) {
      return fail(std::string("workload: ") + e.what());
    }
    // The log's clock: a nemesis line and its op in the history say the same time.
    auto writer = HistoryWriter::open(store_.path("history.jsonl"), clock_);
    if (!writer) return fail("history: " + writer.error());
    history_ = std::move(*writer);
    if (test_.nemesis) {
      if (auto e = nemesis_.prepare(*test_.nemesis, seed_, test_.time_limit, *nodes_, *db_,
                                    variables_, store_.path("ledger.jsonl"), *history_)) {
        return fail(*e);
      }
    }

    RunnerOptions runner_options;
    runner_options.nodes = nodes_->names();
    runner_options.op_timeout = options_.op_timeout;
    RunHooks hooks;
    hooks.log = [this](const std::string& line) { log_.line(line); };
    hooks.on_phase = [this](Phase phase) { on_phase(phase); };
    hooks.live = &live_.counts();
    log_.echo("running " + test_.workload + " for " +
              seconds_text(std::chrono::steady_clock::duration(test_.time_limit)) + " with " +
              std::to_string(test_.concurrency) + " workers" +
              (test_.nemesis ? ", faults on" : ", no faults"));
    RunSummary summary =
        run_workload(*generator, *clients, *history_, runner_options, hooks, stop_);
    live_.main_ended();
    live_.set_phase("teardown");
    results_["run"] = run_summary_json(summary);
    if (summary.ok == 0 && !stop_.stop_requested()) {
      fail("no operation succeeded (" + std::to_string(summary.invoked) +
           " invoked): the clients could not reach the database; see faultline.log");
    }
    log_.echo("ops: " + std::to_string(summary.invoked) + " invoked, " +
              std::to_string(summary.ok) + " ok, " + std::to_string(summary.failed) + " fail, " +
              std::to_string(summary.indeterminate) + " info");
    if (summary.reached == Phase::kDone) note_unread_keys(*generator);
  }

  // A written key that no final read saw can hide a lost write: say so, and
  // when no written key was read at all, the check saw nothing to vouch for.
  void note_unread_keys(const Generator& generator) {
    if (std::optional<std::string> what = faultline::note_unread_keys(
            results_, generator.written_keys_not_read(), generator.written_keys())) {
      log_.echo("warning: " + *what);
    }
  }

  // How the person heals the nodes by hand.
  std::string heal_hint() const {
    switch (test_.nodes.kind) {
      case NodesSource::Kind::kFile:
        return "run `faultline heal --nodes-file " + test_.nodes.file + "`";
      case NodesSource::Kind::kLocal:
        return "the local cluster made for the run is removed at its end, and its faults with it";
      case NodesSource::Kind::kHosts:
        break;
    }
    return "run `faultline heal --nodes-file F` with a nodes file listing the test's hosts";
  }

  void on_phase(Phase phase) {
    // On the history's clock, so availability can cut the history by phase.
    results_["phase_starts_s"][std::string(to_string(phase))] =
        static_cast<double>(history_->clock().now_ns()) / 1e9;
    if (phase == Phase::kMain) {
      live_.main_started(std::chrono::steady_clock::now(),
                         std::chrono::steady_clock::duration(test_.time_limit));
    }
    if (phase == Phase::kMain) nemesis_.start(stop_);
    if (phase == Phase::kQuiesce) {
      live_.main_ended();
      live_.set_phase("healing");
      log_.echo("healing, then " +
                seconds_text(std::chrono::steady_clock::duration(options_.quiesce)) +
                " of quiet before the final reads");
      finish_nemesis();
      live_.set_phase("quiet period");
    }
    if (phase == Phase::kFinal) {
      live_.set_phase("final reads");
      log_.echo("final reads");
    }
  }

  // Stops the nemesis (healing everything) once, and records its report.
  void finish_nemesis() {
    try {
      std::optional<RunNemesis::Finished> finished = nemesis_.finish();
      if (!finished) return;
      results_["nemesis"] = std::move(finished->json);
      if (finished->still_active > 0) {
        fail(std::to_string(finished->still_active) +
             " fault(s) may still be active after healing: " + heal_hint());
      }
    } catch (const std::exception& e) {
      fail(std::string("nemesis: ") + e.what());
    }
  }

  void tear_down() {
    live_.set_phase("teardown");
    finish_nemesis();
    if (history_) {
      if (auto e = history_->close()) fail("history: " + *e);
    }
    if (nodes_ && db_ && db_started_) {
      DbClusterReport logs =
          collect_db_logs(*db_, nodes_->pointers(), variables_, store_.path("nodes"));
      for (const DbStepError& e : logs.errors) log_.line("logs: " + e.to_string());
      if (!options_.leave_db_running) {
        DbClusterReport down =
            db_down(*db_, nodes_->pointers(), variables_,
                    [this](const std::string& line) { log_.line("db: " + line); });
        for (const DbStepError& e : down.errors) log_.echo("warning: db: " + e.to_string());
      }
    }
    if (!nodes_) return;
    if (options_.leave_db_running && !nodes_->local_cluster.empty()) {
      log_.echo(
          "the database and the local cluster are left running; remove them with\n"
          "  faultline cluster down --nodes-file " +
          store_.path("nodes.yaml"));
      nodes_->remotes.clear();
      return;
    }
    if (auto e = release_run_nodes(*nodes_, log_)) {
      fail("nodes: " + *e);
    } else {
      progress_->set_released();
    }
  }

  void conclude() {
    std::vector<CheckOutcome> outcomes;
    std::optional<OpTable> history;  // as read for the check, drawn by the report
    // What went wrong in the run itself; `analyze` starts again from these.
    results_["run_errors"] = results_["errors"];
    results_["run_verdict_limits"] = results_.value("verdict_limits", Json::array());
    try {
      if (history_) {
        live_.set_phase("checking");
        log_.echo("checking the history");
        outcomes = check_stored_history(store_.path("history.jsonl"), test_.workload, results_, {},
                                        &history);
      }
    } catch (const std::exception& e) {
      fail(std::string("checking the history failed: ") + e.what());
    }
    // An exit at once from here on keeps these results and their exit code.
    progress_->finish([&] {
      finish_results(store_.dir, results_, outcomes, log_, history ? &*history : nullptr);
      return results_.value("exit_code", kExitHarnessFailed);
    });
    display_.stop();  // before the verdict
    const std::string relative =
        test_.name + "/" + std::filesystem::path(store_.dir).filename().string();
    if (auto e = append_to_run_index(store_.root, index_entry_of(results_, relative))) {
      log_.echo("warning: cannot add the run to the store's index: " + *e);
    }
    print_verdict(terminal_, store_.dir, results_);
  }

  const TestFile& test_;
  const RunOptions& options_;
  // The run's one zero: every faultline.log line and every op's time count from it.
  const RunClock clock_;
  RunLog log_;
  std::ostream& terminal_;
  std::stop_token stop_;
  RunProgress own_progress_;
  RunProgress* progress_;
  uint64_t seed_ = 0;
  StoreDir store_;
  Json results_;
  std::optional<RunNodes> nodes_;
  std::vector<DbNodeVariables> variables_;
  std::unique_ptr<Db> db_;
  bool db_started_ = false;
  std::unique_ptr<HistoryWriter> history_;
  LiveProgress live_;
  ProgressDisplay display_;          // stopped before log_ goes
  RunNemesis nemesis_{log_, live_};  // destroyed (healing) before the history and the log
};

}  // namespace

RunOutcome run_test(const TestFile& test, const std::string& original_text,
                    const RunOptions& options, std::ostream& terminal, std::stop_token stop) {
  RunSession session(test, options, terminal, stop);
  return session.run(original_text);
}

}  // namespace faultline
