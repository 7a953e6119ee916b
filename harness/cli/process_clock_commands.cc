#include "harness/cli/process_clock_commands.h"

#include <iostream>
#include <map>
#include <memory>

namespace faultline {
namespace {

using Runners = std::map<const CLI::App*, std::function<int()>>;

void add_target_options(CLI::App& cmd, FaultTargetArgs& t, const std::string& default_target) {
  add_node_options(cmd, t.nodes);
  cmd.add_option("--target", t.target,
                 "Which nodes: one, minority, majority, all, primaries, random-subset, or a "
                 "list such as n1,n3 (default: " +
                     default_target + ")");
  cmd.add_option("--primaries", t.primaries, "--target primaries: the primary nodes, e.g. n1");
  cmd.add_option("--seed", t.seed, "Seed for random targets (printed, for replay)");
}

template <class Args, class Run>
std::function<int()> opening_nodes(std::shared_ptr<Args> args, Run run) {
  return [args, run] {
    Parsed<NodeSet> set = open_nodes(args->targets.nodes);
    if (!set) {
      std::cerr << "faultline nemesis " << args->action << ": " << set.error().to_string() << "\n";
      return 255;
    }
    return run(*args, set->nodes, set->pointers(), std::cout, std::cerr);
  };
}

void add_process_command(CLI::App& nemesis, Runners& runners, const std::string& action,
                         const std::string& help) {
  auto args = std::make_shared<ProcessFaultArgs>();
  args->action = action;
  CLI::App* cmd = nemesis.add_subcommand(action, help);
  add_target_options(*cmd, args->targets, action == "pause" || action == "kill" ? "one" : "all");
  cmd->add_option("--process", args->process, "The process, by exact name (as pgrep -x)");
  cmd->add_option("--pid-file", args->pid_file, "Or: the process whose pid this file holds");
  if (action == "restart") {
    cmd->add_option("--start-command", args->start_command,
                    "Shell script that starts the process and returns, e.g. the db's start step");
    cmd->add_flag("--faketime", args->faketime,
                  "Start it under libfaketime, following the node's clock faults");
    cmd->add_option("--wait-s", args->wait_s, "How long to wait for it to appear")
        ->capture_default_str();
  }
  cmd->footer(
      "On local namespace nodes only processes in the node's own network namespace match.\n"
      "Paused pids are recorded on the node (/var/lib/faultline/paused), so\n"
      "`faultline heal` resumes them even after this controller is gone.");
  runners[cmd] = opening_nodes(args, run_process_fault);
}

void add_clock_command(CLI::App& clock, Runners& runners, const std::string& action,
                       const std::string& help) {
  auto args = std::make_shared<ClockFaultArgs>();
  args->action = action;
  CLI::App* cmd = clock.add_subcommand(action, help);
  add_target_options(*cmd, args->targets, action == "bump" || action == "strobe" ? "one" : "all");
  if (action == "drift") {
    cmd->add_option("--ppm", args->ppm,
                    "Parts per million faster (negative: slower), e.g. 500; -1000000 to 1000000")
        ->required();
  } else if (action != "reset") {
    cmd->add_option("--ms", args->ms,
                    action == "scramble" ? "Each node gets a random offset within ±this"
                                         : "The offset in ms (negative: back in time)")
        ->required();
  }
  if (action != "reset") {
    cmd->add_option("--clock-mode", args->clock_mode,
                    "auto (process on local namespace nodes when --process or --pid-file names "
                    "the database, else faketime there; system on real machines), process, "
                    "faketime, system")
        ->capture_default_str();
    cmd->add_option("--process", args->process,
                    "The database's processes, by exact name: process mode moves their clocks");
    cmd->add_option("--pid-file", args->pid_file, "Or: the process whose pid this file holds");
    cmd->add_flag("--monotonic", args->monotonic,
                  "Process mode: move CLOCK_MONOTONIC and CLOCK_BOOTTIME too, not only the wall "
                  "clock");
  }
  if (action == "strobe") {
    cmd->add_option("--period-ms", args->period_ms, "Time between flips")->capture_default_str();
    cmd->add_option("--duration-s", args->duration_s, "How long to flip")->capture_default_str();
  }
  runners[cmd] = opening_nodes(args, run_clock_fault);
}

}  // namespace

std::function<int()> add_process_clock_commands(CLI::App& nemesis) {
  auto runners = std::make_shared<Runners>();
  add_process_command(nemesis, *runners, "pause", "Stop a process (SIGSTOP) on chosen nodes");
  add_process_command(nemesis, *runners, "resume", "Continue a paused process (SIGCONT)");
  add_process_command(nemesis, *runners, "kill", "Kill a process (SIGKILL) on chosen nodes");
  add_process_command(nemesis, *runners, "restart", "Start a process where it is not running");
  CLI::App* clock = nemesis.add_subcommand("clock", "Move nodes' clocks");
  clock->require_subcommand(1);
  clock->footer(
      "Local namespace nodes share the controller's kernel clock. There, with --process or\n"
      "--pid-file, faultline-clock moves the clocks inside the database's own processes\n"
      "(ptrace and the vDSO: any program, Go included; process mode). Without them the offset\n"
      "goes to /var/lib/faultline/faketime, which only programs started under libfaketime\n"
      "follow. Real machines: `date -s` through sudo, with time sync stopped until\n"
      "`clock reset`. Every change is verified: in process mode from inside each process.");
  add_clock_command(*clock, *runners, "bump", "Move clocks by --ms");
  add_clock_command(*clock, *runners, "strobe",
                    "Flip clocks between now and +--ms every --period-ms for --duration-s");
  add_clock_command(*clock, *runners, "drift",
                    "Make clocks run fast or slow by --ppm from their offset now (process mode)");
  add_clock_command(*clock, *runners, "reset", "Undo every clock fault (idempotent)");
  add_clock_command(*clock, *runners, "scramble", "Give each node a random offset within ±--ms");
  return [runners] {
    for (const auto& [cmd, run] : *runners) {
      if (cmd->parsed()) return run();
    }
    return 254;
  };
}

}  // namespace faultline
