// The command line: builds the CLI11 app with every subcommand and runs it.
// Returns the process exit status (254 for bad usage).
#pragma once

namespace faultline {

int run_cli(int argc, char** argv);

}  // namespace faultline
