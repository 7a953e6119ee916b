// Fuzzes the reading of transactional histories (micro-ops in an op's value)
// and the Elle checker behind it. The first byte picks the format ('0'
// auto, '1' jsonl, '2' edn, by value mod 3) and, by bit 2, the workload
// (list-append or rw-register); bit 3 adds process and real-time order.
// Properties, beyond no crash and no sanitizer report:
//  - a txn that cannot be read is an error at a line inside the text;
//  - a history with nothing to check is never valid;
//  - the verdict is invalid exactly when anomalies were found, and each
//    models ruled out and not ruled out make up the five models;
//  - every cycle is closed: each step starts where the last one ended, and
//    every step says why in words.
#include <string>

#include "checkers/elle/elle_checker.h"
#include "harness/history/history_counts.h"
#include "harness/history/history_reader.h"
#include "tests/fuzz/fuzz_target.h"

namespace faultline::fuzz {
namespace {

constexpr HistoryFormat kFormats[] = {HistoryFormat::kAuto, HistoryFormat::kJsonl,
                                      HistoryFormat::kEdn};
constexpr size_t kMaxOpsToCheck = 2000;

void require_closed_cycles(const elle::ElleResult& result) {
  for (const elle::Anomaly& anomaly : result.anomalies) {
    require(anomaly.evidence.size() == anomaly.txns.size(), "evidence for every txn");
    for (size_t i = 0; i < anomaly.steps.size(); ++i) {
      const elle::Edge& edge = anomaly.steps[i].edge;
      const elle::Edge& next = anomaly.steps[(i + 1) % anomaly.steps.size()].edge;
      require(edge.to == next.from, "each step starts where the last one ended");
      require(!anomaly.steps[i].why.empty(), "each step says why");
    }
  }
}

}  // namespace
}  // namespace faultline::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace faultline;
  using namespace faultline::fuzz;
  if (size == 0) return 0;
  const HistoryFormat format = kFormats[(data[0] & 3) % 3];
  elle::ElleOptions options;
  options.workload =
      (data[0] & 4) ? elle::TxnWorkload::kRwRegister : elle::TxnWorkload::kListAppend;
  options.process_order = options.realtime_order = (data[0] & 8) != 0;
  options.cycle_search_budget = 100'000;
  const std::string_view text = as_text(data + 1, size - 1);
  Parsed<History> history = read_history_text(text, "fuzz-txns", format);
  if (!history || history->ops.size() > kMaxOpsToCheck) return 0;
  const elle::ElleResult result = elle::check_elle(*history, options);
  if (result.error) {
    require_located_inside(*result.error, text);
    require(result.error->where.line > 0, "a txn that cannot be read is located at its line");
    return 0;
  }
  if (nothing_to_check(count_ops(*history)) || result.txns == 0)
    require(result.verdict != Verdict::kValid, "nothing to check is never valid");
  require((result.verdict == Verdict::kInvalid) == !result.anomaly_counts.empty(),
          "invalid exactly when anomalies were found");
  require(result.ruled_out.size() + result.not_ruled_out.size() == 5, "five models, each judged");
  require_closed_cycles(result);
  return 0;
}
