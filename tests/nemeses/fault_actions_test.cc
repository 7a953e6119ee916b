// The fault factory's process faults against fake remotes: when a database's
// own kill/pause/resume steps replace the signals, and what is restarted.
#include "nemeses/fault_actions.h"

#include <gtest/gtest.h>

#include "nemeses/process_commands.h"
#include "tests/support/fake_remote.h"

namespace faultline {
namespace {

using testing::FakeRemote;

class ProcessFaultActions : public ::testing::Test {
 protected:
  ProcessFaultActions() {
    for (FakeRemote& remote : remotes_) {
      NodeSpec node;
      node.name = remote.node();
      context_.nodes.push_back(node);
      context_.remotes.push_back(&remote);
    }
    context_.start_process = [](const std::string& node) {
      return Command::shell("start-" + node);
    };
  }
  // Every node has a step for each action in `actions`, except `missing_on`.
  void steps(std::vector<std::string> actions, std::string missing_on = "") {
    context_.process_step = [actions, missing_on](
                                const std::string& node,
                                const std::string& action) -> std::optional<Command> {
      if (node == missing_on ||
          std::find(actions.begin(), actions.end(), action) == actions.end()) {
        return std::nullopt;
      }
      return Command::shell(action + "-step-" + node);
    };
  }
  std::unique_ptr<FaultAction> make(const std::string& kind) {
    return make_fault_factory(context_)(PlannedFault{1, kind, Json::object(), "all", 7});
  }

  std::vector<FakeRemote> remotes_{FakeRemote("n1"), FakeRemote("n2")};
  FaultContext context_;
};

TEST_F(ProcessFaultActions, KillByStepRestartsOnlyTheNodesItKilledWhenNoProcessIsNamed) {
  steps({"kill"});
  remotes_[1].on("kill-step-n2", FakeRemote::exits(1, "", "permission denied\n"));
  std::unique_ptr<FaultAction> kill = make("kill");
  FaultOutcome started = kill->start();
  EXPECT_EQ(started.fault.nodes, std::vector<std::string>{"n1"});
  EXPECT_EQ(started.fault.value["step"], "kill");
  ASSERT_EQ(started.errors.size(), 1u);
  EXPECT_NE(started.errors[0].find("n2: the kill step `kill-step-n2` failed"), std::string::npos);
  FaultOutcome stopped = kill->stop();
  EXPECT_TRUE(stopped.ok());
  EXPECT_EQ(remotes_[0].command_lines(), (std::vector<std::string>{"kill-step-n1", "start-n1"}));
  EXPECT_EQ(remotes_[1].command_lines(), std::vector<std::string>{"kill-step-n2"})
      << "n2 may still run: starting it again would make a second instance";
}

TEST_F(ProcessFaultActions, PauseAndResumeBySteps) {
  steps({"pause", "resume"});
  std::unique_ptr<FaultAction> pause = make("pause");
  EXPECT_TRUE(pause->start().ok());
  EXPECT_TRUE(pause->stop().ok());
  EXPECT_EQ(remotes_[0].command_lines(),
            (std::vector<std::string>{"pause-step-n1", "resume-step-n1"}));
}

TEST_F(ProcessFaultActions, AStepMissingOnOneNodeOrAFaultNamingAProcessMeansSignals) {
  context_.process = "etcd";
  steps({"kill"}, "n2");
  make("kill")->start();
  EXPECT_EQ(remotes_[0].command_lines(),
            std::vector<std::string>{kill_command({"etcd", "", false}).describe()});

  steps({"kill"});
  std::unique_ptr<FaultAction> named =
      make_fault_factory(context_)(PlannedFault{2, "kill", Json{{"process", "redis"}}, "all", 7});
  named->start();
  EXPECT_EQ(remotes_[1].command_lines().back(), kill_command({"redis", "", false}).describe());
}

}  // namespace
}  // namespace faultline
