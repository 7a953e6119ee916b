// `faultline nemesis pause|resume|kill|restart` and `faultline nemesis clock
// bump|strobe|drift|reset|scramble`: process and clock faults by hand, on nodes
// chosen by a target (one, minority, majority, all, primaries, random-subset,
// or a list such as n1,n3). Each prints what it did and how to undo it.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "harness/cli/node_options.h"
#include "harness/cluster/nodes_file.h"
#include "harness/remote/remote.h"

namespace faultline {

// Adds the commands under `nemesis`. The returned function runs whichever of
// them the command line chose (call it only when one of them was parsed;
// it returns 254 otherwise).
std::function<int()> add_process_clock_commands(CLI::App& nemesis);

// Options shared by the process and clock commands.
struct FaultTargetArgs {
  NodeOptions nodes;
  std::string target;     // empty: the command's default
  std::string primaries;  // "n1": for --target primaries
  uint64_t seed = std::random_device{}();
};

struct ProcessFaultArgs {
  std::string action;  // pause, resume, kill, restart
  FaultTargetArgs targets;
  std::string process;  // by name
  std::string pid_file;
  std::string start_command;  // restart: a shell script that starts the process
  bool faketime = false;      // restart: start it under libfaketime
  int wait_s = 10;            // restart: how long to wait for it to appear
};

struct ClockFaultArgs {
  std::string action;  // bump, strobe, drift, reset, scramble
  FaultTargetArgs targets;
  int64_t ms = 0;   // bump: the offset; strobe: the flip; scramble: the bound
  int64_t ppm = 0;  // drift: the rate
  int64_t period_ms = 1000;
  int64_t duration_s = 10;
  std::string clock_mode = "auto";  // auto, process, faketime, system
  std::string process;              // the database's processes, by name
  std::string pid_file;             // or by pid file
  bool monotonic = false;           // process mode: CLOCK_MONOTONIC moves too
};

// The commands' bodies, given the nodes and their remotes (same order), so
// tests can run them against fake remotes. Exit 0 done, 254 bad usage, 255
// failed on some node.
int run_process_fault(const ProcessFaultArgs& args, const std::vector<NodeSpec>& nodes,
                      const std::vector<Remote*>& remotes, std::ostream& out, std::ostream& err);
int run_clock_fault(const ClockFaultArgs& args, const std::vector<NodeSpec>& nodes,
                    const std::vector<Remote*>& remotes, std::ostream& out, std::ostream& err);

}  // namespace faultline
