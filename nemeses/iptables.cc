#include "nemeses/iptables.h"

#include <cstdio>

namespace faultline {
namespace {

// Replaces the chain's rules with $1 (iptables-restore lines), in one
// transaction, creating the chain and its jump from INPUT only when it is new.
// Each iptables call costs a kernel commit and each process real time on a
// busy node, so a fault lands sooner with fewer of both. $0: the chain.
constexpr char kFillChain[] = R"sh(jump=""
if iptables -w -N "$0" 2>/dev/null; then jump="-I INPUT 1 -j $0
"; fi
printf '*filter\n-F %s\n%s%sCOMMIT\n' "$0" "$1" "$jump" | iptables-restore -w --noflush
)sh";

// Removes every jump to the chains given as arguments, and the chains, in one
// transaction; does nothing (one cheap listing) when none of them is there.
constexpr char kRemoveChains[] = R"sh(rules=$(iptables -w -S) || exit 1
undo=""
for chain in "$@"; do
  printf '%s\n' "$rules" | grep -qx -- "-N $chain" || continue
  jumps=$(printf '%s\n' "$rules" | grep -cx -- "-A INPUT -j $chain" || true)
  while [ "$jumps" -gt 0 ]; do
    undo="$undo-D INPUT -j $chain
"
    jumps=$((jumps - 1))
  done
  undo="$undo-F $chain
-X $chain
"
done
[ -n "$undo" ] || exit 0
printf '*filter\n%sCOMMIT\n' "$undo" | iptables-restore -w --noflush
)sh";

Command as_root(Command c) {
  c.sudo = true;
  c.timeout = std::chrono::seconds(20);
  return c;
}

Command fill_chain(const char* chain, const std::vector<std::string>& sources, double probability) {
  char p[32];
  std::snprintf(p, sizeof p, "%.6f", probability);
  std::string rules;
  for (const std::string& source : sources) {
    rules += std::string("-A ") + chain + " -s " + source;
    if (probability < 1.0) rules += std::string(" -m statistic --mode random --probability ") + p;
    rules += " -j DROP\n";
  }
  return as_root(Command::of({"sh", "-c", kFillChain, chain, rules}));
}

Command remove_chains(std::vector<std::string> chains) {
  std::vector<std::string> argv{"sh", "-c", kRemoveChains, "faultline-heal"};
  argv.insert(argv.end(), chains.begin(), chains.end());
  return as_root(Command::of(std::move(argv)));
}

}  // namespace

Command drop_from(const std::vector<std::string>& sources, double probability) {
  return fill_chain(kFaultChain, sources, probability);
}

Command drop_randomly_from(const std::vector<std::string>& sources, double probability) {
  return fill_chain(kLossChain, sources, probability);
}

Command stop_loss() { return remove_chains({kLossChain}); }

Command heal_iptables() { return remove_chains({kFaultChain, kLossChain}); }

Command list_fault_rules() {
  return as_root(
      Command::of({"sh", "-c",
                   "for chain in \"$@\"; do iptables -w -S \"$chain\" 2>/dev/null; done; "
                   "true",
                   "faultline-list", kFaultChain, kLossChain}));
}

}  // namespace faultline
