// Clients for any database through an adapter: a program the user gives,
// started once per worker (posix_spawn: adapter_process.h), that speaks JSON lines on its
// stdin/stdout (docs/adapter-protocol.md):
//
//   faultline -> adapter   {"f":"read","key":"3","value":null,"process":4,"timeout_ms":4990}
//   adapter -> faultline   {"type":"ok","value":2}
//                          {"type":"fail","error":"..."} | {"type":"info","error":"..."}
//
// An adapter that crashes, prints something that is not a completion, or
// does not answer by the op's deadline gives an info op with the reason, and
// a log line; the worker's next op starts a fresh adapter. A run never hangs
// on an adapter.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/runner/client.h"

namespace faultline {

// Where a worker's adapter points, passed to it as environment variables:
// FAULTLINE_NODE, FAULTLINE_ADDRESS, FAULTLINE_ENDPOINT, FAULTLINE_PEERS
// (every node's address, comma-separated) and FAULTLINE_WORKER.
struct AdapterTarget {
  std::string node;
  std::string address;
  std::string endpoint;  // e.g. "10.0.0.2:2379"; empty when the db does not say
  std::vector<std::string> peers;
};

struct AdapterOptions {
  std::vector<std::string> command;        // program and arguments (PATH is searched)
  std::map<std::string, std::string> env;  // added to faultline's environment
  std::string working_dir;                 // empty: faultline's own
  // Adapter stderr lines and misbehaviour, prefixed with the worker. Called
  // from worker threads: must be thread-safe. Default: stderr.
  std::function<void(const std::string& line)> log;
};

// The whole environment of a worker's adapter: faultline's, then options.env,
// then the FAULTLINE_* variables for `target` and `worker`.
std::vector<std::string> adapter_environment(const AdapterOptions& options,
                                             const AdapterTarget& target, int worker);

// A ClientFactory that starts one adapter per worker, pointed at
// target_of(context.node).
ClientFactory adapter_clients(AdapterOptions options,
                              std::function<AdapterTarget(const std::string& node)> target_of);

}  // namespace faultline
