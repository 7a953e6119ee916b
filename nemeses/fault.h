// A fault as the ledger, the history and people see it. Every nemesis module
// (partition, traffic, process, clock) applies faults to nodes and reports
// back one FaultOutcome: exactly what was done, and what failed where.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace faultline {

struct AppliedFault {
  // "partition", "loss", "netem", "bandwidth", "pause", "kill", "restart", "clock"
  std::string kind;
  std::vector<std::string> nodes;  // the nodes it touched, by name
  // Exactly what was done, as the history op's value and the ledger's record:
  // e.g. the grudge, {"percent": 20}, {"process": "etcd", "pids": {"n1": [123]}},
  // {"offset_ms": {"n1": 5000}}. Must carry whatever undoing it needs.
  nlohmann::json value;
};

struct FaultOutcome {
  AppliedFault fault;
  std::vector<std::string> errors;  // one line per node that failed, naming the node
  std::vector<std::string> notes;   // what people should know, e.g. "n2: netem is not in
                                    // this kernel: delay not applied"
  bool ok() const { return errors.empty(); }
};

}  // namespace faultline
