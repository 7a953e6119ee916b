#include "workloads/check_history.h"

#include <unistd.h>

#include <sstream>

#include "checkers/counter_checker.h"
#include "checkers/elle/elle_report.h"
#include "checkers/linearizability.h"
#include "checkers/linearizability_json.h"
#include "checkers/linearizability_text.h"
#include "checkers/set_checker.h"
#include "harness/base/suggest.h"
#include "harness/history/history_counts.h"

namespace faultline {
namespace {

CheckOutcome unknown_outcome(const std::string& checker, const std::string& why) {
  return {checker, Verdict::kUnknown, Json{{"valid", "unknown"}, {"error", why}},
          checker + ": unknown (" + why + ")"};
}

std::string without_trailing_newline(std::string text) {
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Unset: half of this machine's memory (as `faultline check` does), so a
// hard history ends as "unknown" instead of being killed by the kernel.
int64_t memory_limit(const CheckLimits& limits) {
  if (limits.memory_limit_bytes > 0) return limits.memory_limit_bytes;
  return static_cast<int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE) / 2;
}

// `nothing`: why the history holds nothing to check (nothing_to_check), if so.
// `Ops`: a History or an OpTable.
template <class Ops>
CheckOutcome check_linearizable(const Ops& history, const CheckerChoice& choice,
                                const CheckLimits& limits,
                                const std::optional<std::string>& nothing) {
  const std::unique_ptr<Model> model = make_model(choice.model);
  if (!model) {
    return unknown_outcome("linearizability",
                           unknown_name_message("model", choice.model, model_names()));
  }
  if (nothing) return unknown_outcome("linearizability", *nothing);
  LinearizabilityOptions options;
  options.model = choice.model_options;
  options.time_limit_seconds = limits.time_limit_seconds;
  options.memory_limit_bytes = memory_limit(limits);
  options.threads = limits.threads;
  options.all_keys = limits.all_keys;
  const LinearizabilityResult result = check_linearizability(history, *model, options);
  if (result.error) return unknown_outcome("linearizability", result.error->to_string());
  std::ostringstream text;
  print_check_result(text, history.source.empty() ? "history" : history.source, result);
  return {"linearizability", result.verdict, to_json(result), without_trailing_newline(text.str())};
}

// list-append and rw-register by Elle's method; `details` is exactly what
// `faultline check --model M --json` prints for the same history and options.
CheckOutcome check_txns(const History& history, const CheckerChoice& choice,
                        const std::optional<std::string>& nothing) {
  const std::optional<elle::TxnWorkload> workload = elle::parse_txn_workload(choice.model);
  if (!workload) {
    return unknown_outcome(
        "elle", unknown_name_message("txn model", choice.model, {"list-append", "rw-register"}));
  }
  if (nothing) return unknown_outcome("elle", *nothing);
  elle::ElleOptions options;
  options.workload = *workload;
  options.realtime_order = choice.elle.realtime;
  options.process_order = choice.elle.process_order;
  options.expected_model = choice.elle.expect;
  const elle::ElleResult result = elle::check_elle(history, options);
  if (result.error) return unknown_outcome("elle", result.error->to_string());
  std::ostringstream text;
  elle::print_elle_result(text, "elle", result, options.realtime_order);
  return {"elle", result.verdict, elle::to_json(result), without_trailing_newline(text.str())};
}

}  // namespace

CheckOutcome check_history(const History& history, const CheckerChoice& choice,
                           const CheckLimits& limits) {
  // A verdict on nothing is no verdict: never "valid".
  const std::optional<std::string> nothing = nothing_to_check(count_ops(history));
  if (choice.checker == "linearizability") {
    return check_linearizable(history, choice, limits, nothing);
  }
  if (choice.checker == "set") {
    if (nothing) return unknown_outcome("set", *nothing);
    const SetResult result = check_set(history);
    return {"set", result.verdict, to_json(result), set_summary(result)};
  }
  if (choice.checker == "counter") {
    if (nothing) return unknown_outcome("counter", *nothing);
    const CounterResult result = check_counter(history);
    return {"counter", result.verdict, to_json(result), counter_summary(result)};
  }
  if (choice.checker == "elle") return check_txns(history, choice, nothing);
  return unknown_outcome(choice.checker,
                         unknown_name_message("checker", choice.checker, known_checkers()));
}

CheckOutcome check_history(const OpTable& table, const CheckerChoice& choice,
                           const CheckLimits& limits) {
  if (choice.checker != "linearizability") return check_history(to_history(table), choice, limits);
  return check_linearizable(table, choice, limits, nothing_to_check(count_ops(table)));
}

}  // namespace faultline
