#include "harness/cli/run_command.h"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "harness/cli/seed_option.h"
#include "harness/cli/validate_command.h"
#include "harness/config/test_overrides.h"
#include "harness/base/interrupt.h"
#include "harness/run/results.h"
#include "harness/run/run_progress.h"
#include "harness/run/run_test.h"
#include "harness/base/text_file.h"
#include "nemeses/schedule.h"

namespace faultline {
namespace {

constexpr int kExitUsage = 254;

struct RunArgs {
  std::string file;
  std::string nodes_file;
  std::string time_limit;
  std::optional<int> concurrency;
  std::optional<double> rate;
  std::optional<uint64_t> seed;
  int test_count = 1;
  bool leave_db_running = false;
  bool dry_run = false;
  std::string store = "store";
  std::string progress = "auto";
};

// The terminal's width in columns, for cutting the redrawn progress line; 0 when unknown.
size_t terminal_columns() {
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return 0;
  return size.ws_col - 1;  // the last column would wrap on some terminals
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGTERM:
      return "terminated (SIGTERM)";
    case SIGHUP:
      return "hung up (SIGHUP)";
    case SIGQUIT:
      return "quit (SIGQUIT)";
    default:
      return "signal " + std::to_string(signal);
  }
}

// Worst first: invalid, then a harness failure, then unknown, then valid.
int combine_exit(int a, int b) {
  for (int code : {1, kExitHarnessFailed, 2}) {
    if (a == code || b == code) return code;
  }
  return a == 0 ? b : a;
}

Result<TestOverrides, std::string> overrides_of(const RunArgs& args) {
  TestOverrides overrides;
  if (!args.nodes_file.empty()) overrides.nodes_file = args.nodes_file;
  if (!args.time_limit.empty()) {
    // A bare number is seconds; otherwise a duration such as 90s or 2m.
    const bool bare = args.time_limit.find_first_not_of("0123456789") == std::string::npos;
    std::optional<std::chrono::milliseconds> limit =
        parse_duration(bare ? args.time_limit + "s" : args.time_limit);
    if (!limit)
      return "--time-limit: '" + args.time_limit + "' is not a duration such as 60, 90s or 2m";
    overrides.time_limit = *limit;
  }
  overrides.concurrency = args.concurrency;
  overrides.rate = args.rate;
  overrides.seed = args.seed;
  return overrides;
}

// The first signal stops the run (it heals, stores and checks); the second
// says a third exits at once; the third exits at once, naming the commands
// that clean up and leaving results.json to agree with the exit code.
InterruptOptions run_interrupt_options(RunProgress& progress) {
  InterruptOptions options;
  options.on_signal = [](int signal, int count) {
    if (count == 1) {
      std::cerr << "\nfaultline: " << (signal == SIGINT ? "interrupted" : signal_name(signal))
                << ": stopping and healing every fault; this may take a few seconds\n";
    } else if (count == 2) {
      std::cerr << "\nfaultline: still healing; signal again to exit at once (faults, the "
                   "database and the nodes may then stay as they are)\n";
    }
  };
  options.force_exit = [&progress](int signal) {
    std::_Exit(progress.exit_at_once(signal, std::cerr));
  };
  return options;
}

int run_tests(const RunArgs& args) {
  // Outlives the guard, whose thread may use it until the guard ends.
  RunProgress progress;
  // Before any thread starts, so every thread has the stop signals blocked.
  InterruptGuard interrupt(run_interrupt_options(progress));
  Parsed<TestFile> test = read_test_file(args.file);
  if (!test) {
    std::cerr << "faultline run: " << test.error().to_string() << "\n";
    return kExitUsage;
  }
  Result<TestOverrides, std::string> overrides = overrides_of(args);
  if (!overrides) {
    std::cerr << "faultline run: " << overrides.error() << "\n";
    return kExitUsage;
  }
  if (auto problem = apply_overrides(*test, *overrides)) {
    std::cerr << "faultline run: " << *problem << "\n";
    return kExitUsage;
  }
  // The nodes file, the faults against its nodes, the adapter: before a store or a node.
  if (int code = preflight_test(*test, "faultline run", std::cerr); code != 0) return code;
  if (args.dry_run) {
    std::cout << validated_summary(*test) << "\n";
    return 0;
  }
  Result<std::string, FileError> text = read_text_file(args.file);
  if (!text) {
    std::cerr << "faultline run: " << args.file << ": " << text.error().reason << "\n";
    return kExitUsage;
  }
  RunOptions options;
  options.live_progress =
      resolve_progress_mode(parse_progress_mode(args.progress).value_or(ProgressMode::kAuto),
                            ::isatty(STDOUT_FILENO) == 1);
  if (options.live_progress == ProgressMode::kTty) options.terminal_width = terminal_columns();
  options.store_root = args.store;
  options.leave_db_running = args.leave_db_running;
  options.progress = &progress;
  options.stop_signal = [&interrupt] { return interrupt.first_signal(); };
  // Without a seed (here or in the file) each run of a series picks its own.
  int exit_code = 0;
  int runs = 0;
  for (int i = 1; i <= args.test_count && !interrupt.interrupted(); ++i) {
    if (args.test_count > 1) std::cout << "\n=== run " << i << " of " << args.test_count << "\n";
    progress.reset();
    RunOutcome outcome = run_test(*test, *text, options, std::cout, interrupt.stop_token());
    exit_code = i == 1 ? outcome.exit_code : combine_exit(exit_code, outcome.exit_code);
    ++runs;
  }
  // A run's exit code is its results.json's, even when a signal came after
  // it stored its verdict; a series cut short before its last run exits as
  // interrupted unless a run was invalid.
  if (runs < args.test_count && interrupt.interrupted() && exit_code != 1) {
    return interrupt.exit_code();
  }
  return exit_code;
}

}  // namespace

std::function<int()> add_run_command(CLI::App& app) {
  auto args = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run a test: a database, clients and faults, checked");
  cmd->footer(
      "Reads TEST.yaml (docs/test-file.md), sets up the nodes (a local cluster for\n"
      "`nodes: {local: N}`, of containers for `nodes: {docker: N}`) and the\n"
      "database, runs the workload while the nemesis\n"
      "injects faults, heals everything, checks the history and stores it all in\n"
      "store/<test>/<time>/ (docs/store.md) with a report. Exit status: 0 valid,\n"
      "1 invalid, 2 unknown, 254 bad usage or test file, 255 the harness failed;\n"
      "128 + the signal when interrupted (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP, 131\n"
      "SIGQUIT; what was recorded is still healed, checked and stored), as results.json\n"
      "says. A closed stdout (`| head`) does not stop the run. A third Ctrl-C exits at\n"
      "once and prints the commands that clean up.");
  cmd->add_option("TEST", args->file, "The test file")->required();
  cmd->add_option("--nodes-file", args->nodes_file,
                  "Run on the nodes of this nodes file instead of the test's `nodes`");
  cmd->add_option("--time-limit", args->time_limit, "Length of the main phase: 60, 90s, 2m");
  cmd->add_option("--concurrency", args->concurrency, "Workers (logical processes)");
  cmd->add_option("--rate", args->rate, "Ops/s for all workers together (0: no limit)");
  add_seed_option(*cmd, args->seed, "Seed for ops and faults (replays a run)");
  cmd->add_option("--test-count", args->test_count, "Run the test this many times")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_flag("--leave-db-running", args->leave_db_running,
                "Leave the database (and a local cluster made for the run) up afterwards");
  cmd->add_option("--store", args->store, "Where runs are stored")->capture_default_str();
  cmd->add_option("--progress", args->progress,
                  "Live progress: auto (a redrawn line on a terminal, else plain), tty, plain "
                  "(a line every 10 s), off")
      ->check(CLI::IsMember({"auto", "tty", "plain", "off"}))
      ->capture_default_str();
  cmd->add_flag("--dry-run", args->dry_run,
                "Check everything that needs no node (as `faultline validate`), then stop");
  return [args] { return run_tests(*args); };
}

}  // namespace faultline
