// The checks of a test that need more than its text but no node: the nodes
// file it names is read (a missing, unreadable or garbled one is an error at
// the test file's `nodes`, or names --nodes-file), and the faults are checked
// against that file's nodes. `faultline run` does this before it makes a
// store or touches a node; `faultline validate` does it and no more.
#pragma once

#include <optional>

#include "harness/config/test_file.h"
#include "harness/base/source_error.h"

namespace faultline {

// Reads the test's nodes file, if it names one, into test.nodes.file_names,
// then checks every fault against the nodes. The first problem, or nothing.
std::optional<SourceError> check_nodes_file(TestFile& test);

}  // namespace faultline
