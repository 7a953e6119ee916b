// The real faults behind a nemesis schedule: turns each planned fault (kind,
// params, target, seed) into a FaultAction that applies it to the chosen
// nodes and undoes exactly that. The schedule parser (schedule.cc) decides
// which params each kind accepts; this file gives them meaning.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/result.h"
#include "harness/remote/command.h"
#include "harness/remote/node_spec.h"
#include "harness/remote/remote.h"
#include "nemeses/clock_faults.h"
#include "nemeses/nemesis_runner.h"

namespace faultline {

struct FaultContext {
  std::vector<NodeSpec> nodes;                   // the cluster, in order
  std::vector<Remote*> remotes;                  // one per node, same order
  std::map<std::string, std::string> addresses;  // node -> IPv4, resolved up front
  // The nodes that lead now (a shell db's `primaries` step), asked each time a
  // fault targets "primaries" or uses that shape; unset: the db cannot say.
  std::function<Result<std::vector<std::string>, std::string>()> primaries;
  std::string process;  // the database's process name (pause/kill default), when known
  // Restarts it after a kill, given the node's name; unset: not restarted.
  std::function<Command(const std::string& node)> start_process;
  // The database's own command for a process fault on a node ("kill",
  // "pause", "resume": a shell db's steps), run instead of a signal to
  // `process`; unset, or nothing for that action: the signal. A fault that
  // names its own `process` always signals.
  std::function<std::optional<Command>(const std::string& node, const std::string& action)>
      process_step;
  ClockContext clocks;
};

// The factory for NemesisRunner. The context (and its remotes) must outlive
// every action it makes. Unknown kinds give nullptr.
FaultFactory make_fault_factory(const FaultContext& context);

}  // namespace faultline
