// Fuzzes the history readers (JSON lines, EDN, Jepsen's text log) and the
// checkers behind them. The first byte picks the format ('0' auto, '1' jsonl,
// '2' edn, '3' jepsen-log, by value mod 4); the rest is the file's text.
// Properties, beyond no crash and no sanitizer report:
//  - an error points inside the text;
//  - a history read is written back as faultline's JSON lines, and those read
//    back write the same lines (the store's history.jsonl loses nothing twice);
//  - every checker gives a verdict with a summary, and never "valid" for a
//    history with nothing to check.
#include <string>

#include "harness/history/history_counts.h"
#include "harness/history/history_reader.h"
#include "harness/history/op_json.h"
#include "tests/fuzz/fuzz_target.h"
#include "workloads/catalog.h"
#include "workloads/check_history.h"

namespace faultline::fuzz {
namespace {

constexpr HistoryFormat kFormats[] = {HistoryFormat::kAuto, HistoryFormat::kJsonl,
                                      HistoryFormat::kEdn, HistoryFormat::kJepsenLog};
// Checking is exponential at worst: fuzz the checkers on small histories.
constexpr size_t kMaxOpsToCheck = 300;

std::string as_jsonl(const History& history) {
  std::string text;
  for (const Op& op : history.ops) text += op_to_jsonl(op) + "\n";
  return text;
}

void require_round_trip(const History& history) {
  const std::string written = as_jsonl(history);
  Parsed<History> reread = read_history_text(written, "rewritten.jsonl", HistoryFormat::kJsonl);
  if (!reread) require(false, "faultline's own lines read back: " + reread.error().to_string());
  require(reread->ops.size() == history.ops.size(), "as many ops read back as written");
  require(as_jsonl(*reread) == written, "ops read back write the same lines");
}

void require_sound_checks(const History& history) {
  const bool nothing = nothing_to_check(count_ops(history)).has_value();
  for (const char* workload : {"register", "set", "counter"}) {
    const CheckOutcome outcome = check_history(
        history, *checker_for(workload),
        {.time_limit_seconds = 0.5, .memory_limit_bytes = int64_t{256} << 20, .threads = 1});
    require(!outcome.summary.empty(), std::string(workload) + ": a check has a summary");
    require(!(nothing && outcome.verdict == Verdict::kValid),
            std::string(workload) + ": nothing to check is never valid: " + outcome.summary);
  }
}

}  // namespace
}  // namespace faultline::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace faultline;
  using namespace faultline::fuzz;
  if (size == 0) return 0;
  const HistoryFormat format = kFormats[data[0] % 4];
  const std::string_view text = as_text(data + 1, size - 1);
  Parsed<History> history = read_history_text(text, "fuzz-history", format);
  if (!history) {
    require_located_inside(history.error(), text);
    return 0;
  }
  require_round_trip(*history);
  if (history->ops.size() <= kMaxOpsToCheck) require_sound_checks(*history);
  return 0;
}
