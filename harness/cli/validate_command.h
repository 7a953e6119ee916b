// `faultline validate TEST.yaml` (and `faultline run --dry-run`): every check
// of a test that needs no node, in seconds: the file itself, the overrides,
// the nodes file it names and its faults against those nodes, and an
// adapter client's program, started once and asked one probe read.
// `faultline run` does the same before it makes a store or touches a node.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <ostream>

#include "harness/config/test_file.h"

namespace faultline {

// The checks after the file has been read: 0 when all pass, else 254 after
// writing "<command>: file:line:col: what" to `err`.
int preflight_test(TestFile& test, const std::string& command, std::ostream& err);

// One line for a test that passed every check, e.g. "t.yaml: valid (3 nodes,
// etcd, 4 faults)".
std::string validated_summary(const TestFile& test);

std::function<int()> add_validate_command(CLI::App& app);

}  // namespace faultline
