// The adapter's first test, before any node is touched: start the program
// once and send it one read. Any completion (ok, fail or info: there is no
// database yet) shows that it starts and speaks the protocol; a program that
// cannot be started, exits, stays silent or prints something else is an
// error that names the command, in seconds rather than after a whole run.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "workloads/adapter_client.h"

namespace faultline {

// Nothing when the adapter answered the probe read; else what went wrong
// ("[python3, a.py] exited with status 1 before answering ...").
std::optional<std::string> probe_adapter(const AdapterOptions& options,
                                         std::chrono::milliseconds limit);

}  // namespace faultline
