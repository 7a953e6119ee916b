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

// Makes `chain` (empty) and jumps to it first from INPUT.
std::string fresh_chain(const char* chain) {
  return either(iptables({"-N", chain}), iptables({"-F", chain})) +
         either(iptables({"-C", "INPUT", "-j", chain}),
                iptables({"-I", "INPUT", "1", "-j", chain}));
}

std::string fill_chain(const char* chain, const std::vector<std::string>& sources,
                       double probability) {
  std::string script = fresh_chain(chain);
  char p[32];
  std::snprintf(p, sizeof p, "%.6f", probability);
  for (const std::string& source : sources) {
    std::vector<std::string> rule{"-A", chain, "-s", source};
    if (probability < 1.0) {
      rule.insert(rule.end(), {"-m", "statistic", "--mode", "random", "--probability", p});
    }
    rule.insert(rule.end(), {"-j", "DROP"});
    script += shell_join(iptables(rule)) + "\n";
  }
  return script;
}

std::string remove_chain(const char* chain) {
  std::string script =
      "while " + shell_join(iptables({"-D", "INPUT", "-j", chain})) + " 2>/dev/null; do :; done\n";
  script += shell_join(iptables({"-F", chain})) + " 2>/dev/null || true\n";
  script += shell_join(iptables({"-X", chain})) + " 2>/dev/null || true\n";
  return script;
}

}  // namespace

Command drop_from(const std::vector<std::string>& sources, double probability) {
  return root_script(fill_chain(kFaultChain, sources, probability));
}

Command drop_randomly_from(const std::vector<std::string>& sources, double probability) {
  return root_script(fill_chain(kLossChain, sources, probability));
}

Command stop_loss() { return root_script(remove_chain(kLossChain)); }

Command heal_iptables() {
  return root_script(remove_chain(kFaultChain) + remove_chain(kLossChain));
}

Command list_fault_rules() {
  std::string script;
  for (const char* chain : {kFaultChain, kLossChain}) {
    script += shell_join(iptables({"-S", chain})) + " 2>/dev/null || true\n";
  }
  Command c = Command::shell(script);
  c.sudo = true;
  return c;
}

}  // namespace faultline
