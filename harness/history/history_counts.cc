#include "harness/history/history_counts.h"

namespace faultline {

HistoryCounts count_ops(const History& history) {
  HistoryCounts counts;
  for (const Op& op : history.ops) {
    if (op.process == kNemesisProcess) {
      ++counts.nemesis_ops;
    } else if (op.type == OpType::kInvoke) {
      ++counts.client_invocations;
    } else {
      ++counts.client_completions;
      if (op.type == OpType::kOk) ++counts.client_ok;
    }
  }
  return counts;
}

std::optional<std::string> nothing_to_check(const HistoryCounts& counts) {
  if (counts.client_invocations == 0 && counts.client_completions == 0) {
    return counts.nemesis_ops == 0 ? "no ops to check"
                                   : "no ops to check (only the nemesis's, no client's)";
  }
  return std::nullopt;
}

}  // namespace faultline
