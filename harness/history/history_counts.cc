#include "harness/history/history_counts.h"

namespace faultline {

namespace {

void count(int64_t process, OpType type, HistoryCounts& counts) {
  if (process == kNemesisProcess) {
    ++counts.nemesis_ops;
  } else if (type == OpType::kInvoke) {
    ++counts.client_invocations;
  } else {
    ++counts.client_completions;
    if (type == OpType::kOk) ++counts.client_ok;
  }
}

}  // namespace

HistoryCounts count_ops(const History& history) {
  HistoryCounts counts;
  for (const Op& op : history.ops) count(op.process, op.type, counts);
  return counts;
}

HistoryCounts count_ops(const OpTable& table) {
  HistoryCounts counts;
  for (size_t row = 0; row < table.size(); ++row)
    count(table.process(row), table.type(row), counts);
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
