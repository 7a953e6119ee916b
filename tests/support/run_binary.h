// Runs the faultline binary as a user would (through a shell), for tests of
// commands: exit status and stdout+stderr together.
#pragma once

#include <string>

namespace faultline::testing {

struct BinaryRun {
  int status;       // exit status; -1 when killed by a signal
  std::string out;  // stdout and stderr together
};

// `args` is appended to the binary's path as shell text.
BinaryRun run_faultline(const std::string& binary, const std::string& args);

}  // namespace faultline::testing
