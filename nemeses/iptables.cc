#include "nemeses/iptables.h"

#include <cstdio>

#include "harness/shell.h"

namespace faultline {
namespace {

std::vector<std::string> iptables(std::vector<std::string> args) {
  args.insert(args.begin(), {"iptables", "-w"});
  return args;
}

// `a || b`, each side quoted by shell_join.
std::string either(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return shell_join(a) + " 2>/dev/null || " + shell_join(b) + "\n";
}

Command root_script(std::string script) {
  Command c = Command::shell("set -e\n" + script);
  c.sudo = true;
  c.timeout = std::chrono::seconds(20);
  return c;
}

}  // namespace

Command drop_from(const std::vector<std::string>& sources, double probability) {
  std::string script = either(iptables({"-N", kFaultChain}), iptables({"-F", kFaultChain}));
  script += either(iptables({"-C", "INPUT", "-j", kFaultChain}),
                   iptables({"-I", "INPUT", "1", "-j", kFaultChain}));
  char p[32];
  std::snprintf(p, sizeof p, "%.6f", probability);
  for (const std::string& source : sources) {
    std::vector<std::string> rule{"-A", kFaultChain, "-s", source};
    if (probability < 1.0) {
      rule.insert(rule.end(), {"-m", "statistic", "--mode", "random", "--probability", p});
    }
    rule.insert(rule.end(), {"-j", "DROP"});
    script += shell_join(iptables(rule)) + "\n";
  }
  return root_script(script);
}

Command heal_iptables() {
  std::string script =
      "while " + shell_join(iptables({"-D", "INPUT", "-j", kFaultChain})) + " 2>/dev/null; do :; done\n";
  script += shell_join(iptables({"-F", kFaultChain})) + " 2>/dev/null || true\n";
  script += shell_join(iptables({"-X", kFaultChain})) + " 2>/dev/null || true\n";
  return root_script(script);
}

Command list_fault_rules() {
  Command c = Command::shell(shell_join(iptables({"-S", kFaultChain})) + " 2>/dev/null || true");
  c.sudo = true;
  return c;
}

}  // namespace faultline
