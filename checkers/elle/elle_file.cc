#include "checkers/elle/elle_file.h"

#include <chrono>

#include "harness/history/history_parts.h"

namespace faultline::elle {

ElleResult check_elle_file(const std::string& path, const ElleOptions& options, size_t part_bytes,
                           HistoryCounts* counts) {
  const auto start = std::chrono::steady_clock::now();
  TxnTableBuilder builder(options.workload, path);
  std::vector<HistoryNote> notes;
  std::optional<SourceError> error = read_jsonl_history_in_parts(
      path, part_bytes, [&](History&& part) -> std::optional<SourceError> {
        if (counts) *counts += count_ops(part);
        for (const Op& op : part.ops) {
          if (std::optional<SourceError> e = builder.add(op)) return e;
        }
        notes.insert(notes.end(), part.notes.begin(), part.notes.end());
        return std::nullopt;
      });
  if (error) {
    ElleResult result;
    result.workload = to_string(options.workload);
    result.error = std::move(error);
    result.verdict = Verdict::kUnknown;
    return result;
  }
  std::vector<HistoryNote> pairing;
  const TxnTable table = builder.finish(&pairing);
  ElleResult result = check_txns(table, options);
  notes.insert(notes.end(), pairing.begin(), pairing.end());
  result.notes = std::move(notes);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace faultline::elle
