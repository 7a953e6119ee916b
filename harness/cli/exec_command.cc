#include "harness/cli/exec_command.h"

#include <iostream>
#include <memory>

#include "harness/cli/node_options.h"
#include "harness/remote/parallel.h"

namespace faultline {
namespace {

struct ExecArgs {
  NodeOptions nodes;
  std::vector<std::string> argv;
  bool sudo = false;
  double timeout = 60;
};

void print_node(std::ostream& out, const NodeOutcome<CommandResult>& o) {
  if (!o.result) {
    out << "== " << o.node << ": " << describe_error(o.node, o.result.error()) << "\n";
    return;
  }
  const CommandResult& r = *o.result;
  out << "== " << o.node;
  if (r.timed_out) out << " (timed out)";
  else if (r.exit_status != 0) out << " (exit " << r.exit_status << ")";
  out << "\n" << r.out;
  if (!r.out.empty() && r.out.back() != '\n') out << "\n";
  if (!r.err.empty()) {
    out << r.err;
    if (r.err.back() != '\n') out << "\n";
  }
}

int run_exec(const ExecArgs& args) {
  Parsed<NodeSet> nodes = open_nodes(args.nodes);
  if (!nodes) {
    std::cerr << "faultline exec: " << nodes.error().to_string() << "\n";
    return 255;
  }
  Command command = Command::of(args.argv);
  command.sudo = args.sudo;
  command.timeout = std::chrono::milliseconds(static_cast<int64_t>(args.timeout * 1000));
  auto outcomes = run_on_nodes(nodes->pointers(), command);
  bool unreachable = false, failed = false;
  for (const auto& o : outcomes) {
    print_node(std::cout, o);
    unreachable = unreachable || !o.result;
    failed = failed || !succeeded(o);
  }
  return unreachable ? 255 : failed ? 1 : 0;
}

}  // namespace

std::function<int()> add_exec_command(CLI::App& app) {
  auto args = std::make_shared<ExecArgs>();
  CLI::App* cmd = app.add_subcommand(
      "exec", "Run a command on nodes in parallel; print each node's output");
  cmd->footer(
      "The command and its arguments arrive exactly as given (no shell on the node\n"
      "re-splits them). Exit status: 0 it succeeded everywhere, 1 it failed on some\n"
      "node, 255 some node could not be reached.\n"
      "Example: faultline exec --nodes-file nodes.yaml --nodes n1,n3 -- uname -a");
  add_node_options(*cmd, args->nodes);
  cmd->add_flag("--sudo", args->sudo, "Run as root through sudo");
  cmd->add_option("--timeout", args->timeout, "Seconds before the command is abandoned")
      ->capture_default_str();
  cmd->add_option("command", args->argv, "The command and its arguments, after --")
      ->required();
  return [args] { return run_exec(*args); };
}

}  // namespace faultline
