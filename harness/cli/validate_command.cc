#include "harness/cli/validate_command.h"

#include <iostream>
#include <memory>

#include "harness/config/test_overrides.h"
#include "harness/config/test_preflight.h"
#include "harness/run/results.h"
#include "workloads/adapter_probe.h"

namespace faultline {
namespace {

constexpr int kExitUsage = 254;
constexpr std::chrono::milliseconds kProbeLimit{10'000};

struct ValidateArgs {
  std::string file;
  std::string nodes_file;
};

// "file:line:col: message", or the message alone when it has no place (an option's).
std::string placed(const SourceError& error) {
  return error.where.file.empty() ? error.message : error.to_string();
}

int validate(const ValidateArgs& args) {
  Parsed<TestFile> test = read_test_file(args.file);
  if (!test) {
    std::cerr << "faultline validate: " << test.error().to_string() << "\n";
    return kExitUsage;
  }
  TestOverrides overrides;
  if (!args.nodes_file.empty()) overrides.nodes_file = args.nodes_file;
  if (auto problem = apply_overrides(*test, overrides)) {
    std::cerr << "faultline validate: " << *problem << "\n";
    return kExitUsage;
  }
  if (int code = preflight_test(*test, "faultline validate", std::cerr); code != 0) return code;
  std::cout << validated_summary(*test) << "\n";
  return 0;
}

}  // namespace

int preflight_test(TestFile& test, const std::string& command, std::ostream& err) {
  if (std::optional<SourceError> problem = check_nodes_file(test)) {
    err << command << ": " << placed(*problem) << "\n";
    return kExitUsage;
  }
  if (test.client.kind == ClientKind::kAdapter) {
    AdapterOptions options;
    options.command = test.client.command;
    options.env = test.client.env;
    if (std::optional<std::string> problem = probe_adapter(options, kProbeLimit)) {
      err << command << ": " << placed(SourceError{test.client.where, *problem}) << "\n";
      return kExitUsage;
    }
  }
  return 0;
}

std::string validated_summary(const TestFile& test) {
  const std::vector<std::string> nodes = test.nodes.known_names();
  const size_t faults = test.nemesis ? test.nemesis->faults.size() : 0;
  std::string out = test.path + ": valid: '" + test.name + "', " + describe_db(test.db) + ", " +
                    describe_client(test.client) + ", " + test.workload + ", ";
  out += nodes.empty() ? std::string("nodes made for the run")
                       : std::to_string(nodes.size()) +
                             (test.nodes.containers ? " container nodes" : " nodes");
  out += ", " + std::to_string(faults) + (faults == 1 ? " fault" : " faults");
  if (test.client.kind == ClientKind::kAdapter) out += "; the adapter answered a probe read";
  return out;
}

std::function<int()> add_validate_command(CLI::App& app) {
  auto args = std::make_shared<ValidateArgs>();
  CLI::App* cmd =
      app.add_subcommand("validate", "Check a test file without touching a node (seconds)");
  cmd->footer(
      "Every check `faultline run` makes before it touches a node: the test file\n"
      "(docs/test-file.md), the nodes file it names, each fault against those nodes,\n"
      "and an adapter client's program, started once and sent one probe read.\n"
      "Exit status: 0 valid, 254 a problem (file:line:col and the fix).");
  cmd->add_option("TEST", args->file, "The test file")->required();
  cmd->add_option("--nodes-file", args->nodes_file,
                  "Check against the nodes of this nodes file instead of the test's `nodes`");
  return [args] { return validate(*args); };
}

}  // namespace faultline
