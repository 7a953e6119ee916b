// Every fault kind faultline can inject has a healer that undoes it, and
// `faultline heal` (default_healers) runs that healer: a healer dropped from
// the list, or a new fault kind without one, fails here.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "nemeses/heal.h"
#include "nemeses/iptables.h"
#include "nemeses/schedule.h"
#include "nemeses/tc.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;

struct Undo {
  std::string healer;    // the default healer that undoes the fault; "" when none is needed
  std::string fragment;  // what that healer's command must touch
};

// Written by hand, from what each fault leaves on a node.
const std::map<std::string, Undo> kUndoOf = {
    {"partition", {"network", kFaultChain}},           // DROP rules in faultline's chain
    {"loss", {"network", kLossChain}},                 // statistic rules in its own chain
    {"netem", {"traffic-control", kShapeHandle}},      // a qdisc with faultline's handle
    {"bandwidth", {"traffic-control", kShapeHandle}},  // the same htb tree
    {"pause", {"processes", "kill -CONT"}},            // SIGSTOPped pids in the paused file
    {"clock", {"clocks", "faultline-clock-reset"}},    // an offset file / a stepped clock
    // A killed process leaves nothing to undo on the node: the fault's own
    // stop restarts it, and the run's teardown stops the database.
    {"kill", {"", ""}},
};

TEST(HealersCoverFaults, EveryFaultKindIsKnownHere) {
  for (const std::string& kind : fault_kinds()) {
    EXPECT_TRUE(kUndoOf.count(kind))
        << "fault kind '" << kind << "' has no healer listed: add how it is undone";
  }
}

TEST(HealersCoverFaults, HealRunsTheHealerOfEveryFaultKind) {
  const std::vector<Healer> healers = default_healers();
  for (const auto& [kind, undo] : kUndoOf) {
    if (undo.healer.empty()) continue;
    auto healer = std::find_if(healers.begin(), healers.end(),
                               [&](const Healer& h) { return h.name == undo.healer; });
    ASSERT_NE(healer, healers.end()) << kind << ": no '" << undo.healer << "' healer in heal";
    FakeRemote node("n1");
    healer->heal({&node});
    std::string commands;
    for (const std::string& line : node.command_lines()) commands += line + "\n";
    EXPECT_NE(commands.find(undo.fragment), std::string::npos)
        << kind << ": the '" << undo.healer << "' healer does not touch " << undo.fragment << ":\n"
        << commands;
  }
}

TEST(HealersCoverFaults, HealAllRunsEveryDefaultHealerOnEveryNode) {
  FakeRemote n1("n1"), n2("n2");
  const HealReport report = heal_all({&n1, &n2}, default_healers());
  ASSERT_EQ(report.nodes.size(), 2u);
  for (const NodeHealReport& node : report.nodes) {
    std::vector<std::string> ran;
    for (const HealStep& step : node.steps) ran.push_back(step.healer);
    EXPECT_EQ(ran, (std::vector<std::string>{"network", "traffic-control", "processes", "clocks"}))
        << node.node;
  }
}

}  // namespace
}  // namespace faultline
