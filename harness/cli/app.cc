#include "harness/cli/app.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace faultline {

int run_cli(int argc, char** argv) {
  CLI::App app{"faultline: fault-injection testing for distributed databases"};
  app.require_subcommand(1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 254;
  }
  return 0;
}

}  // namespace faultline
