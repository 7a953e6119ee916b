// A local cluster for an integration test suite: made in SetUpTestSuite with
// a name and subnet of the suite's own, removed in TearDownTestSuite. Needs root.
#pragma once

#include <string>

#include "harness/cluster/nodes_file.h"

namespace faultline::testing {

// Brings up `nodes` nodes; on failure returns an empty NodesFile and sets `error`.
// The nodes file is written to a temporary path, recorded in the result's `path`.
NodesFile up_test_cluster(const std::string& name, const std::string& subnet, int nodes,
                          std::string* error);
void down_test_cluster(const NodesFile& cluster);

}  // namespace faultline::testing
