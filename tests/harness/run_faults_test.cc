// The nemesis context of a run: a shell db's `primaries` step names the
// nodes that lead, asked each time a fault targets them; a partition by
// shape primaries or a kill of the primaries then hits exactly those.
#include "harness/run/run_faults.h"

#include <gtest/gtest.h>

#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;

class RunFaultsPrimaries : public ::testing::Test {
 protected:
  RunFaultsPrimaries() {
    for (const char* name : {"n1", "n2", "n3"}) {
      NodeSpec node;
      node.name = name;
      nodes_.file.nodes.push_back(node);
      auto remote = std::make_unique<FakeRemote>(name);
      fakes_.push_back(remote.get());
      nodes_.remotes.push_back(std::move(remote));
      nodes_.addresses[name] = std::string("10.0.0.") + name[1];
    }
    for (const NodeSpec& node : nodes_.nodes()) {
      variables_.push_back({node.name, nodes_.addresses.at(node.name), {}});
    }
  }
  std::unique_ptr<Db> shell_db(bool with_primaries) {
    DbConfig config;
    config.kind = DbKind::kShell;
    config.process = "redis-server";
    config.steps = {{"install", "i"}, {"start", "s"}, {"stop", "t"}, {"wipe", "w"}};
    if (with_primaries) config.steps["primaries"] = "am-i-leader && echo ${node}";
    return make_db(config);
  }

  RunNodes nodes_;
  std::vector<FakeRemote*> fakes_;
  std::vector<DbNodeVariables> variables_;
};

TEST_F(RunFaultsPrimaries, AskEveryNodeAndKeepTheNamesTheyPrintInNodeOrder) {
  std::unique_ptr<Db> db = shell_db(true);
  FaultContext context = run_fault_context(nodes_, *db, variables_);
  ASSERT_TRUE(context.primaries);
  fakes_[2]->on("am-i-leader", FakeRemote::exits(0, "n3\n"));
  fakes_[0]->on("am-i-leader", FakeRemote::exits(0, "n1, n3\n"));
  Result<std::vector<std::string>, std::string> leaders = context.primaries();
  ASSERT_TRUE(leaders) << leaders.error();
  EXPECT_EQ(*leaders, (std::vector<std::string>{"n1", "n3"}));
  for (FakeRemote* fake : fakes_) {
    ASSERT_EQ(fake->commands().size(), 1u);
    EXPECT_EQ(fake->commands()[0].env.at("node"), fake->node()) << "each node's own variables";
    EXPECT_TRUE(fake->commands()[0].sudo);
  }
}

TEST_F(RunFaultsPrimaries, AFailedStepOrAWordThatIsNoNodeIsAnError) {
  std::unique_ptr<Db> db = shell_db(true);
  FaultContext context = run_fault_context(nodes_, *db, variables_);
  fakes_[1]->once("am-i-leader", FakeRemote::exits(0, "leader\n"));
  Result<std::vector<std::string>, std::string> word = context.primaries();
  ASSERT_FALSE(word);
  EXPECT_EQ(word.error(),
            "n2: the primaries step printed 'leader', which names no node (it prints node names, "
            "e.g. echo ${node})");
  fakes_[1]->once("am-i-leader", FakeRemote::exits(2, "", "cannot connect\n"));
  Result<std::vector<std::string>, std::string> failed = context.primaries();
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().find("the primaries step failed: n2"), std::string::npos)
      << failed.error();
}

TEST_F(RunFaultsPrimaries, APartitionOfThePrimariesCutsOffWhatTheStepNames) {
  std::unique_ptr<Db> db = shell_db(true);
  FaultContext context = run_fault_context(nodes_, *db, variables_);
  fakes_[1]->on("am-i-leader", FakeRemote::exits(0, "n2\n"));
  FaultFactory factory = make_fault_factory(context);
  std::unique_ptr<FaultAction> partition =
      factory(PlannedFault{1, "partition", Json{{"shape", "primaries"}}, "", 7});
  FaultOutcome started = partition->start();
  ASSERT_TRUE(started.ok()) << started.errors.front();
  EXPECT_EQ(started.fault.value, Json({{"n1", {"n2"}}, {"n2", {"n1", "n3"}}, {"n3", {"n2"}}}));
}

TEST_F(RunFaultsPrimaries, ADbThatCannotNameThemFailsTheFaultLoudly) {
  std::unique_ptr<Db> db = shell_db(false);
  FaultContext context = run_fault_context(nodes_, *db, variables_);
  EXPECT_FALSE(context.primaries);
  FaultFactory factory = make_fault_factory(context);
  FaultOutcome kill = factory(PlannedFault{1, "kill", Json::object(), "primaries", 7})->start();
  ASSERT_EQ(kill.errors.size(), 1u);
  EXPECT_EQ(kill.errors[0], "the database cannot name its primaries");
  FaultOutcome isolate =
      factory(PlannedFault{2, "partition", Json{{"shape", "primaries"}}, "", 7})->start();
  ASSERT_EQ(isolate.errors.size(), 1u);
  EXPECT_EQ(isolate.errors[0], "the database cannot name its primaries");
}

}  // namespace
}  // namespace faultline
