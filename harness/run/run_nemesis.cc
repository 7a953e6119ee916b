#include "harness/run/run_nemesis.h"

#include "harness/run/nemesis_lines.h"
#include "harness/run/results.h"
#include "harness/run/run_faults.h"

namespace faultline {

std::optional<std::string> RunNemesis::prepare(const Schedule& schedule, uint64_t seed,
                                               std::chrono::milliseconds time_limit,
                                               const RunNodes& nodes, const Db& db,
                                               const std::vector<DbNodeVariables>& variables,
                                               const std::string& ledger_path,
                                               HistoryWriter& history) {
  auto ledger = Ledger::open(ledger_path);
  if (!ledger) return "ledger: " + ledger.error();
  ledger_ = std::move(*ledger);
  plan_ = plan_run_faults(schedule, seed, time_limit);
  fault_context_ = run_fault_context(nodes, db, variables, schedule.clock_mode);
  NemesisRunnerOptions options;
  options.plan = plan_;
  options.make_fault = make_fault_factory(*fault_context_);
  options.ledger = ledger_.get();
  options.remotes = fault_context_->remotes;
  options.emit = [this, &history](Op op) {
    op.time_ns = -1;  // the history's clock, not the nemesis's
    log_op(op);
    history.append(std::move(op));
  };
  runner_.emplace(std::move(options));
  return std::nullopt;
}

void RunNemesis::start(std::stop_token stop) {
  if (runner_) runner_->start(stop);
}

std::optional<RunNemesis::Finished> RunNemesis::finish() {
  if (!runner_ || finished_) return std::nullopt;
  finished_ = true;
  runner_->request_stop();
  NemesisReport report = runner_->wait();
  for (const std::string& e : report.errors) log_.echo("nemesis: " + e);
  return Finished{nemesis_json(plan_, report), report.still_active.size()};
}

// Both halves of a nemesis op are info (as in Jepsen): the first of each f is
// the invocation, the next its completion, which people see.
void RunNemesis::log_op(const Op& op) {
  auto request = requests_.find(op.f);
  const bool completion = request != requests_.end();
  live_.note_nemesis_op(op, completion);
  if (!completion) {
    requests_.emplace(op.f, op.value);
    return;
  }
  const NemesisLine line = nemesis_line(op, request->second);
  requests_.erase(request);
  log_.echo(line.whole, line.short_form);
}

}  // namespace faultline
