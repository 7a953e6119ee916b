#include "nemeses/nemesis_runner.h"

#include <condition_variable>
#include <mutex>

namespace faultline {
namespace {

// Sleeps until `deadline`; false when `stop` was requested first.
bool sleep_until(std::chrono::steady_clock::time_point deadline, std::stop_token stop) {
  std::mutex mutex;
  std::condition_variable_any wake;
  std::unique_lock lock(mutex);
  wake.wait_until(lock, stop, deadline, [] { return false; });
  return !stop.stop_requested();
}

Json outcome_error(const FaultOutcome& outcome) {
  if (outcome.errors.empty() && outcome.notes.empty()) return Json();
  Json error = Json::object();
  if (!outcome.errors.empty()) error["errors"] = outcome.errors;
  if (!outcome.notes.empty()) error["notes"] = outcome.notes;
  return error;
}

Json heal_value(const HealReport& heal) {
  Json value = Json::object();
  for (const NodeHealReport& node : heal.nodes) {
    for (const HealStep& step : node.steps) value[node.node][step.healer] = step.describe();
  }
  return value;
}

Json heal_failures(const HealReport& heal) {
  Json failures = Json::array();
  for (const NodeHealReport& node : heal.nodes) {
    for (const HealStep& step : node.steps) {
      if (!step.ok()) failures.push_back(node.node + " " + step.healer + ": " + step.describe());
    }
  }
  return failures;
}

}  // namespace

struct NemesisRunner::Active {
  PlannedFault fault;
  int64_t ledger_id = 0;
  std::unique_ptr<FaultAction> action;
  Json applied;  // the start outcome's value: what stop() undoes
};

NemesisRunner::NemesisRunner(NemesisRunnerOptions options) : options_(std::move(options)) {}

NemesisRunner::~NemesisRunner() {
  if (thread_.joinable()) {
    own_stop_.request_stop();
    thread_.join();
  }
}

void NemesisRunner::start(std::stop_token stop) {
  forward_stop_.emplace(stop, std::function<void()>([this] { own_stop_.request_stop(); }));
  thread_ = std::thread([this] {
    try {
      result_ = run(own_stop_.get_token());
    } catch (...) {
      failure_ = std::current_exception();
    }
  });
}

void NemesisRunner::request_stop() { own_stop_.request_stop(); }

NemesisReport NemesisRunner::wait() {
  if (thread_.joinable()) thread_.join();
  if (failure_) std::rethrow_exception(failure_);
  return result_.value_or(NemesisReport{});
}

NemesisReport NemesisRunner::run(std::stop_token stop) {
  began_ = std::chrono::steady_clock::now();
  NemesisReport report;
  std::vector<Active> active;
  std::exception_ptr failure;
  try {
    for (const PlannedEvent& event : options_.plan.events) {
      if (!sleep_until(began_ + event.at, stop)) break;
      if (event.phase == FaultPhase::kStart) {
        if (!start_fault(event, active, report)) break;
        continue;
      }
      for (auto it = active.begin(); it != active.end(); ++it) {
        if (it->fault.number != event.fault.number) continue;
        Active stopping = std::move(*it);
        active.erase(it);
        stop_fault(stopping, report);
        break;
      }
    }
  } catch (...) {
    failure = std::current_exception();  // healed below, rethrown after
  }
  report.stopped_early = stop.stop_requested();
  heal_everything(active, report);
  report.still_active = options_.ledger->active();
  if (failure) std::rethrow_exception(failure);
  return report;
}

// False when the run must end: the ledger cannot record faults any more.
bool NemesisRunner::start_fault(const PlannedEvent& event, std::vector<Active>& active,
                                NemesisReport& report) {
  const PlannedFault& fault = event.fault;
  const std::string f = "start-" + fault.kind;
  Json request = fault.params.is_null() ? Json::object() : fault.params;
  if (!fault.target.empty()) request["target"] = fault.target;
  emit_op(f, request, Json());
  std::unique_ptr<FaultAction> action = options_.make_fault(fault);
  if (!action) {
    const std::string error = "faultline cannot apply '" + fault.kind + "' faults (yet)";
    report.errors.push_back(f + ": " + error);
    emit_op(f, Json(), Json{{"errors", {error}}});
    return true;
  }
  Result<int64_t, std::string> id = options_.ledger->record_start(fault.kind, request);
  if (!id) {
    const std::string error = "not applied: " + id.error();
    report.errors.push_back(f + ": " + error);
    emit_op(f, Json(), Json{{"errors", {error}}});
    return false;
  }
  ++report.faults_started;
  active.push_back({fault, *id, std::move(action), Json()});
  FaultOutcome outcome = active.back().action->start();
  active.back().applied = outcome.fault.value;
  if (std::string error = options_.ledger->record_applied(*id, outcome); !error.empty()) {
    report.errors.push_back(f + ": " + error);
  }
  // Done without a failure but on no node (netem missing from the kernel,
  // a clock a process does not follow): the fault did not happen either.
  if (outcome.errors.empty() && outcome.fault.nodes.empty()) {
    std::string why;
    for (const std::string& note : outcome.notes) why += (why.empty() ? "" : "; ") + note;
    outcome.errors.push_back("applied to no node" + (why.empty() ? "" : ": " + why));
  }
  for (const std::string& error : outcome.errors) report.errors.push_back(f + ": " + error);
  emit_op(f, outcome.fault.value, outcome_error(outcome));
  return true;
}

void NemesisRunner::stop_fault(Active& fault, NemesisReport& report) {
  const std::string f = "stop-" + fault.fault.kind;
  emit_op(f, fault.applied, Json());
  FaultOutcome outcome = fault.action->stop();
  if (std::string error = options_.ledger->record_healed(fault.ledger_id, outcome.errors);
      !error.empty()) {
    report.errors.push_back(f + ": " + error);
  }
  for (const std::string& error : outcome.errors) report.errors.push_back(f + ": " + error);
  emit_op(f, outcome.fault.value, outcome_error(outcome));
}

// Every step is tried even when an earlier one throws: healing must not stop
// half way. The first exception is rethrown at the end.
void NemesisRunner::heal_everything(std::vector<Active>& active, NemesisReport& report) {
  std::exception_ptr failure;
  for (auto it = active.rbegin(); it != active.rend(); ++it) {
    try {
      stop_fault(*it, report);
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  active.clear();
  if (!options_.remotes.empty()) {
    emit_op("heal", Json(), Json());
    HealReport heal = heal_all(options_.remotes, options_.healers);
    if (std::string error = options_.ledger->record_heal_all(heal.ok(), heal.describe());
        !error.empty()) {
      report.errors.push_back("heal: " + error);
    }
    Json error;
    if (!heal.ok()) error = Json{{"errors", heal_failures(heal)}};
    emit_op("heal", heal_value(heal), error);
    report.heal = std::move(heal);
  }
  if (failure) std::rethrow_exception(failure);
}

void NemesisRunner::emit_op(std::string f, Json value, Json error) {
  Op op;
  op.process = kNemesisProcess;
  op.type = OpType::kInfo;
  op.f = std::move(f);
  op.value = std::move(value);
  op.error = std::move(error);
  op.time_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now() - began_)
                   .count();
  if (options_.emit) options_.emit(std::move(op));
}

}  // namespace faultline
