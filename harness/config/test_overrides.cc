#include "harness/config/test_overrides.h"

#include <filesystem>

#include "harness/config/test_file_checks.h"

namespace faultline {

std::optional<std::string> apply_overrides(TestFile& test, const TestOverrides& overrides) {
  TestFile out = test;
  if (overrides.nodes_file) {
    if (overrides.nodes_file->empty()) return "--nodes-file needs the path of a nodes file";
    out.nodes = NodesSource{};
    out.nodes.kind = NodesSource::Kind::kFile;
    out.nodes.file = std::filesystem::absolute(*overrides.nodes_file).lexically_normal().string();
  }
  if (overrides.time_limit) {
    if (overrides.time_limit->count() <= 0) {
      return "--time-limit must be a positive duration such as 60s or 2m";
    }
    if (*overrides.time_limit > kLongestDuration) {
      return "--time-limit is at most " + std::string(kLongestDurationText);
    }
    out.time_limit = *overrides.time_limit;
  }
  if (overrides.concurrency) {
    if (*overrides.concurrency < 1) {
      return "--concurrency is the number of workers: 1 or more, not " +
             std::to_string(*overrides.concurrency);
    }
    out.concurrency = *overrides.concurrency;
  }
  if (overrides.rate) {
    if (!(*overrides.rate >= 0)) {
      return "--rate is ops/s for all workers together: 0 (no limit) or more";
    }
    out.rate = *overrides.rate;
  }
  if (overrides.seed) out.seed = *overrides.seed;
  if (out.nemesis) {
    if (auto problem = schedule_never_faults(*out.nemesis, out.time_limit)) {
      return (overrides.time_limit ? "with --time-limit, " : "") + *problem;
    }
  }
  test = std::move(out);
  return std::nullopt;
}

}  // namespace faultline
