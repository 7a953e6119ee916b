// The fixture of the integration tests that run an example test file end to
// end, as a user runs it (`faultline run examples/NAME --store DIR`): a store
// of the test's own, its results and history, and whether the local cluster
// the run made is gone. Needs root.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/history/op.h"
#include "tests/support/run_binary.h"

namespace faultline::testing {

class ExampleRun : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // `faultline run examples/<test> --store <store> <extra>`, stdout and stderr together.
  BinaryRun run(const std::string& test, const std::string& extra);
  Json results();               // the latest run's results.json
  std::vector<Json> history();  // every op of its stored history
  // Nothing of the local cluster made for the latest run is left (clusters
  // of other runs on this machine are not this test's business).
  void expect_no_run_cluster_left();

  std::string store_;
};

}  // namespace faultline::testing
