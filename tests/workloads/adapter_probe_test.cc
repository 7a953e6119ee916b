// The adapter probe before a run: one read to a freshly started adapter. A
// good adapter passes whatever it answers; one that cannot start, exits,
// hangs or answers garbage is an error naming its command, within the limit.
#include "workloads/adapter_probe.h"

#include <gtest/gtest.h>

#include "tests/workloads/adapter_test_support.h"

namespace faultline {
namespace {

using std::chrono::milliseconds;

std::optional<std::string> probe(std::vector<std::string> command,
                                 milliseconds limit = milliseconds(5'000)) {
  AdapterOptions options;
  options.command = std::move(command);
  return probe_adapter(options, limit);
}

TEST(AdapterProbe, AnAdapterThatAnswersPasses) {
  EXPECT_EQ(probe({"python3", test_adapter("register_memory.py")}), std::nullopt);
  // No database yet: a fail is an answer too.
  EXPECT_EQ(probe({"sh", "-c", "read line; echo '{\"type\":\"fail\",\"error\":\"refused\"}'"}),
            std::nullopt);
}

TEST(AdapterProbe, AWrongPathNamesTheAdapter) {
  std::optional<std::string> problem = probe({"/nonexistent/adapter.py"});
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->rfind("the adapter [/nonexistent/adapter.py] could not be started: ", 0), 0u)
      << *problem;
}

TEST(AdapterProbe, AnAdapterThatExitsSaysHowWithItsStderr) {
  std::optional<std::string> problem = probe({test_adapter("exit_at_start.sh")});
  ASSERT_TRUE(problem);
  EXPECT_EQ(*problem, "the adapter [" + test_adapter("exit_at_start.sh") +
                          "] exited with status 2 before answering a probe read; its last "
                          "stderr: exit_at_start: no database given");
}

TEST(AdapterProbe, GarbageIsNotACompletion) {
  std::optional<std::string> problem = probe({test_adapter("garbage.sh")});
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("answered a probe read with a line that is not a completion"),
            std::string::npos)
      << *problem;
  EXPECT_NE(problem->find("hello there, this is not a completion"), std::string::npos);
}

TEST(AdapterProbe, ASilentAdapterFailsAtTheLimit) {
  std::optional<std::string> problem = probe({test_adapter("hang.sh")}, milliseconds(1'000));
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->rfind("the adapter [" + test_adapter("hang.sh") +
                               "] did not answer a probe read within 1 s",
                           0),
            0u)
      << *problem;
}

}  // namespace
}  // namespace faultline
