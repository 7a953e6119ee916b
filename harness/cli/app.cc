#include "harness/cli/app.h"

#include <CLI/CLI.hpp>
#include <functional>
#include <map>

#include "harness/cli/check_command.h"

namespace faultline {

int run_cli(int argc, char** argv) {
  CLI::App app{
      "faultline: a fault-injection test harness for distributed databases.\n"
      "It runs a database on a cluster, drives concurrent clients against it while a\n"
      "nemesis injects faults, records every operation, and checks the history.\n"};
  app.name("faultline");
  app.require_subcommand(1);
  app.set_version_flag("--version", "faultline 0.1.0");
  std::map<const CLI::App*, std::function<int()>> runners;
  auto check = add_check_command(app);
  runners[app.get_subcommand("check")] = check;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 254;
  }
  for (const CLI::App* sub : app.get_subcommands()) return runners.at(sub)();
  return 254;
}

}  // namespace faultline
