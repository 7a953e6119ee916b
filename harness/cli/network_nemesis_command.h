// `faultline nemesis loss|bandwidth|delay`: degrade the network between the
// cluster nodes by hand (random packet loss, a bandwidth limit, netem delay,
// jitter, duplication, reordering, corruption). Each prints what it did and
// how to undo it (`faultline heal`).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "harness/remote/remote.h"
#include "nemeses/traffic_shape.h"

namespace faultline {

struct NetworkFaultRequest {
  std::string kind;    // "loss", "bandwidth" or "delay"
  double percent = 0;  // loss
  std::string rate;    // bandwidth, tc notation: "8mbit"
  Netem netem;         // delay
};

// Adds `loss`, `bandwidth` and `delay` (alias `netem`) under `nemesis`. When
// one of them is on the command line, parsing sets *chosen to the function
// that runs it; `chosen` must outlive parsing and that call.
void add_network_nemesis_commands(CLI::App& nemesis, std::function<int()>* chosen);

// Empty when the request can be applied; else what is wrong, naming the option.
std::string check_network_fault(const NetworkFaultRequest& request);

// Applies a checked request on `remotes` (`addresses`: every cluster node's)
// and prints what was done and how to undo it to `out`, failures to `err`.
// 0 when in force on every remote; 255 when any remote failed or none got it.
int run_network_fault(const NetworkFaultRequest& request, const std::vector<Remote*>& remotes,
                      const std::map<std::string, std::string>& addresses,
                      const std::string& nodes_file, std::ostream& out, std::ostream& err);

}  // namespace faultline
