// The list of healers `faultline heal` and every run's teardown use. Each
// fault module adds its healer here.
#include "nemeses/clock_faults.h"
#include "nemeses/heal.h"
#include "nemeses/partition.h"
#include "nemeses/process_faults.h"
#include "nemeses/traffic.h"

namespace faultline {
namespace {

// reset_clocks prints the offset it undid, in ms; say so in words for people.
std::vector<NodeOutcome<CommandResult>> reset_clocks_described(
    const std::vector<Remote*>& remotes) {
  std::vector<NodeOutcome<CommandResult>> outcomes = reset_clocks(remotes);
  for (NodeOutcome<CommandResult>& outcome : outcomes) {
    if (!outcome.result || !outcome.result->ok()) continue;
    std::string& out = outcome.result->out;
    while (!out.empty() && out.back() == '\n') out.pop_back();
    out = "clock offset was " + (out.empty() ? std::string("0") : out) + " ms, now 0";
  }
  return outcomes;
}

}  // namespace

std::vector<Healer> default_healers() {
  return {
      {"network", heal_network},
      {"traffic-control", heal_traffic_control},
      {"processes", resume_paused},
      {"clocks", reset_clocks_described},
  };
}

}  // namespace faultline
