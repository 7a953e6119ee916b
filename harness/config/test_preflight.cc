#include "harness/config/test_preflight.h"

#include "harness/config/test_file_checks.h"
#include "harness/cluster/nodes_file.h"

namespace faultline {

std::optional<SourceError> check_nodes_file(TestFile& test) {
  if (test.nodes.kind == NodesSource::Kind::kFile) {
    Parsed<NodesFile> file = read_nodes_file(test.nodes.file);
    if (!file) {
      const SourceError& error = file.error();
      // An error inside the nodes file points there; one about the file as a
      // whole points at the test's `nodes` (or names --nodes-file).
      if (error.where.line > 0) return error;
      const bool from_option = test.nodes.where.file.empty();
      const std::string message =
          (from_option ? "--nodes-file " : "nodes file ") + test.nodes.file + ": " + error.message;
      return SourceError{from_option ? SourceLocation{} : test.nodes.where, message};
    }
    test.nodes.file_names.clear();
    for (const NodeSpec& node : file->nodes) test.nodes.file_names.push_back(node.name);
  }
  return faults_on_nodes_problem(test);
}

}  // namespace faultline
