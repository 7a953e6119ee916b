// Runs a planned nemesis schedule: at each planned time it starts or stops a
// fault, writing every fault into the ledger before applying it and its heal
// after, and telling the history what happened through nemesis ops. However
// it ends (plan done, stop requested, Ctrl-C, an error, a bug that throws), it
// stops every fault still active and then heals the nodes node-side
// (heal_all) as a backstop.
//
// Ops (process kNemesisProcess, type info for both halves, as Jepsen does):
//   invoke      f "start-partition", value: the fault's params (+ "target")
//   completion  f "start-partition", value: the FaultOutcome's value;
//               error: {"errors": [...], "notes": [...]} when there are any
//   and the same with "stop-partition" (invoke value: what is being undone),
//   and "heal" (completion value: {node: {healer: "ok" | failure}}).
// time_ns is the time since the run began.
//
// Thread use: start() runs the schedule on a thread of the runner's own; the
// factory, the fault actions, `emit` and the remotes are then used only from
// that thread until wait() returns. run() does the same on the caller's thread.
#pragma once

#include <chrono>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "harness/history/op.h"
#include "harness/remote/remote.h"
#include "nemeses/fault.h"
#include "nemeses/heal.h"
#include "nemeses/ledger.h"
#include "nemeses/schedule_plan.h"

namespace faultline {

// One fault, ready to be applied and undone. stop() must be safe to call when
// start() failed or applied the fault only in part.
class FaultAction {
 public:
  virtual ~FaultAction() = default;
  virtual FaultOutcome start() = 0;
  virtual FaultOutcome stop() = 0;
};

// Makes the action for a planned fault; nullptr when the kind has none.
using FaultFactory = std::function<std::unique_ptr<FaultAction>(const PlannedFault&)>;
using OpSink = std::function<void(Op)>;

struct NemesisRunnerOptions {
  Plan plan;
  FaultFactory make_fault;
  OpSink emit;
  Ledger* ledger = nullptr;      // required; must outlive the run
  std::vector<Remote*> remotes;  // healed node-side at the end; none: no backstop heal
  std::vector<Healer> healers = default_healers();
};

struct NemesisReport {
  int64_t faults_started = 0;
  bool stopped_early = false;
  std::optional<HealReport> heal;  // the backstop heal, when there were remotes
  // Faults that failed to apply (also those applied to no node), or to heal;
  // ledger failures. A run with any did not test what it planned.
  std::vector<std::string> errors;
  std::vector<LedgerFault> still_active;  // per the ledger, after healing; should be empty
};

class NemesisRunner {
 public:
  explicit NemesisRunner(NemesisRunnerOptions options);
  ~NemesisRunner();  // requests a stop and waits (which heals)
  NemesisRunner(const NemesisRunner&) = delete;
  NemesisRunner& operator=(const NemesisRunner&) = delete;

  // Runs the plan on the runner's thread; `stop` (e.g. an InterruptGuard's)
  // ends it early. Call once.
  void start(std::stop_token stop = {});
  void request_stop();
  // Waits for the run (and its healing) to end. Rethrows what the run threw.
  NemesisReport wait();

  // Runs the plan on the calling thread until it ends or `stop` is requested,
  // then heals. Rethrows what a fault action threw, after healing.
  NemesisReport run(std::stop_token stop);

 private:
  struct Active;
  bool start_fault(const PlannedEvent& event, std::vector<Active>& active, NemesisReport& report);
  void stop_fault(Active& fault, NemesisReport& report);
  void heal_everything(std::vector<Active>& active, NemesisReport& report);
  void emit_op(std::string f, Json value, Json error);

  NemesisRunnerOptions options_;
  std::chrono::steady_clock::time_point began_;
  std::stop_source own_stop_;
  std::optional<std::stop_callback<std::function<void()>>> forward_stop_;
  std::optional<NemesisReport> result_;
  std::exception_ptr failure_;
  std::thread thread_;
};

}  // namespace faultline
