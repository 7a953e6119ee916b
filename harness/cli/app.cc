#include "harness/cli/app.h"

#include <CLI/CLI.hpp>
#include <functional>
#include <map>

#include "harness/cli/check_command.h"
#include "harness/cli/cluster_command.h"
#include "harness/cli/doctor_command.h"
#include "harness/cli/exec_command.h"
#include "harness/cli/image_command.h"
#include "harness/cli/nemesis_command.h"
#include "harness/cli/report_command.h"
#include "harness/cli/run_command.h"
#include "harness/cli/serve_command.h"
#include "harness/cli/validate_command.h"

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
  auto add = [&](const char* name, std::function<int()> runner) {
    runners[app.get_subcommand(name)] = std::move(runner);
  };
  add("run", add_run_command(app));
  add("validate", add_validate_command(app));
  add("analyze", add_analyze_command(app));
  add("report", add_report_command(app));
  add("check", add_check_command(app));
  add("cluster", add_cluster_command(app));
  add("image", add_image_command(app));
  add("exec", add_exec_command(app));
  add("doctor", add_doctor_command(app));
  add("nemesis", add_nemesis_command(app));
  add("heal", add_heal_command(app));
  add("serve", add_serve_command(app));
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
