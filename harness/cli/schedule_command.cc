#include "harness/cli/schedule_command.h"

#include <csignal>
#include <fstream>
#include <iostream>
#include <mutex>

#include "harness/base/interrupt.h"
#include "harness/cli/node_options.h"
#include "harness/cli/seed_option.h"
#include "harness/history/op_json.h"
#include "nemeses/fault_actions.h"
#include "nemeses/partition.h"
#include "nemeses/schedule.h"
#include "nemeses/schedule_plan.h"

namespace faultline {
namespace {

struct ScheduleArgs {
  NodeOptions nodes;
  std::string file;
  int time_limit_s = 60;
  std::optional<uint64_t> seed;
  std::string process;
  std::string start_command;
  std::string ledger = "faultline-ledger.jsonl";
  std::string history;  // empty: ops go to stdout only
};

int fail(const std::string& message, int status) {
  std::cerr << "faultline nemesis schedule: " << message << "\n";
  return status;
}

int run_schedule(const ScheduleArgs& args) {
  // Before any thread starts, so every thread has SIGINT/SIGTERM blocked.
  InterruptGuard interrupt;
  Parsed<Schedule> schedule = read_schedule(args.file);
  if (!schedule) return fail(schedule.error().to_string(), 254);
  if (args.seed) schedule->seed = *args.seed;
  const uint64_t seed = choose_seed(*schedule);
  Plan plan = plan_schedule(*schedule, seed, std::chrono::seconds(args.time_limit_s));
  if (plan.events.empty()) {
    return fail("no fault fits in the time limit (" + std::to_string(args.time_limit_s) +
                    " s): lengthen --time-limit or shorten interval/duration",
                254);
  }
  Parsed<NodeSet> set = open_nodes(args.nodes);
  if (!set) return fail(set.error().to_string(), 255);

  FaultContext context;
  context.nodes = set->nodes;
  context.remotes = set->pointers();
  context.process = args.process;
  context.clocks.process = {args.process, "", false};
  for (const NodeSpec& n : set->nodes)
    context.clocks.process.own_network_namespace |= !n.netns.empty();
  if (!args.start_command.empty()) {
    context.start_process = [command = Command::shell(args.start_command)](const std::string&) {
      return command;
    };
  }
  std::map<std::string, std::string> hosts;
  for (const NodeSpec& n : set->nodes) hosts[n.name] = n.host;
  choose_clock_modes(context.clocks, set->nodes, schedule->clock_mode);
  if (std::string e = resolve_addresses(hosts, &context.addresses); !e.empty()) {
    return fail("no fault applied: " + e, 255);
  }
  auto ledger = Ledger::open(args.ledger);
  if (!ledger) return fail("cannot open the ledger: " + ledger.error(), 255);

  std::ofstream history;
  if (!args.history.empty()) {
    history.open(args.history, std::ios::app);
    if (!history) return fail("cannot write " + args.history, 255);
  }
  std::cout << "schedule: " << plan.events.size() / 2 << " fault(s) over " << args.time_limit_s
            << " s, seed " << seed << " (replay with --seed " << seed << "); ledger " << args.ledger
            << "\n";
  std::mutex out;
  int64_t index = 0;
  NemesisRunnerOptions options;
  options.plan = plan;
  options.make_fault = make_fault_factory(context);
  options.ledger = ledger->get();
  options.remotes = context.remotes;
  options.emit = [&](Op op) {
    std::lock_guard lock(out);
    op.index = index++;
    std::string line = op_to_jsonl(op);
    std::cout << line << "\n" << std::flush;
    if (history.is_open()) history << line << "\n" << std::flush;
  };
  NemesisRunner runner(std::move(options));
  NemesisReport report = runner.run(interrupt.stop_token());
  if (report.heal) std::cout << report.heal->describe() << "\n";
  for (const std::string& e : report.errors) std::cerr << "error: " << e << "\n";
  if (!report.still_active.empty()) {
    std::cerr << report.still_active.size()
              << " fault(s) may still be active: run `faultline heal --nodes-file "
              << args.nodes.nodes_file << "`\n";
    return 255;
  }
  if (interrupt.interrupted()) return interrupt.exit_code();
  return report.errors.empty() ? 0 : 255;
}

}  // namespace

void add_schedule_command(CLI::App& nemesis, std::shared_ptr<std::function<int()>> chosen) {
  auto args = std::make_shared<ScheduleArgs>();
  CLI::App* cmd = nemesis.add_subcommand("schedule", "Run a nemesis schedule from a test file");
  cmd->footer(
      "Reads the `nemesis:` section of FILE (interval, duration, order, seed, faults)\n"
      "and runs it against the nodes for --time-limit seconds: each fault's start and\n"
      "stop is printed as a history op (process \"nemesis\") and recorded in the ledger\n"
      "before it is applied. Everything is healed at the end, on error and on Ctrl-C.");
  add_node_options(*cmd, args->nodes);
  cmd->add_option("file", args->file, "Test file with a nemesis section")->required();
  cmd->add_option("--time-limit", args->time_limit_s, "Seconds to run")->capture_default_str();
  add_seed_option(*cmd, args->seed, "Seed (overrides the file's; printed for replay)");
  cmd->add_option("--process", args->process, "The database's process name (pause, kill)");
  cmd->add_option("--start-command", args->start_command,
                  "Shell command that starts the process again after a kill");
  cmd->add_option("--ledger", args->ledger, "Where to record faults")->capture_default_str();
  cmd->add_option("--history", args->history, "Also append the ops to this JSONL file");
  cmd->callback([chosen, args] { *chosen = [args] { return run_schedule(*args); }; });
}

}  // namespace faultline
