#include "harness/runner/runner.h"

#include <iostream>
#include <memory>
#include <stdexcept>
#include <thread>
#include <utility>

#include "harness/runner/scheduler.h"

namespace faultline {
namespace {

void log_to_stderr(const std::string& line) {
  std::cerr << "faultline: " + line + "\n" << std::flush;
}

// One worker thread: its client, its current logical process, its counts.
class Worker {
 public:
  Worker(int index, int concurrency, const RunnerOptions& options, const ClientFactory& factory,
         HistoryWriter& history, Scheduler& scheduler, const RunHooks& hooks)
      : context_{index, options.nodes[static_cast<size_t>(index) % options.nodes.size()]},
        concurrency_(concurrency),
        timeout_(options.op_timeout),
        factory_(factory),
        history_(history),
        scheduler_(scheduler),
        hooks_(hooks),
        process_(index) {}

  void run() {
    if (!open_client()) return;
    while (std::optional<Next> next = scheduler_.next(context_.worker)) {
      if (!scheduler_.sleep_until(next->at_ns)) return;
      if (!perform(std::move(next->op))) return;
    }
  }

  RunSummary counts;
  bool lost = false;

 private:
  bool open_client() {
    try {
      client_ = factory_(context_);
      if (client_) return true;
      log("the client factory returned no client");
    } catch (const std::exception& e) {
      log(std::string("cannot open a client: ") + e.what());
    } catch (...) {
      log("cannot open a client: unknown exception");
    }
    log("this worker stops; the others go on");
    lost = true;
    scheduler_.worker_ended();
    return false;
  }

  // Records, invokes and records the completion of one op. False when the
  // worker must end (its client could not be reopened).
  bool perform(Op invocation) {
    invocation.type = OpType::kInvoke;
    invocation.process = process_;
    invocation.node = context_.node;
    invocation.time_ns = -1;
    history_.append(invocation);
    ++counts.invoked;
    if (hooks_.live) LiveCounts::add(hooks_.live->invoked);
    bool threw = false;
    Completion completion = call(invocation, &threw);
    record(std::move(invocation), std::move(completion));
    if (threw) {
      client_.reset();  // the client may be broken: start afresh
      return open_client();
    }
    return true;
  }

  Completion call(const Op& invocation, bool* threw) {
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    try {
      Completion completion = client_->invoke(invocation, deadline);
      if (completion.type != OpType::kInvoke) return completion;
      return Completion::info("the client answered invoke instead of ok, fail or info");
    } catch (const std::exception& e) {
      *threw = true;
      return client_threw(invocation, e.what());
    } catch (...) {
      *threw = true;
      return client_threw(invocation, "unknown exception");
    }
  }

  Completion client_threw(const Op& invocation, const std::string& what) {
    ++counts.client_errors;
    log("client threw on " + invocation.f + (invocation.key ? " " + *invocation.key : "") +
        " (process " + std::to_string(invocation.process) + "): " + what +
        "; recorded as info, reopening the client");
    return Completion::info("client exception: " + what);
  }

  void record(Op invocation, Completion completion) {
    scheduler_.completed(context_.worker, invocation, completion.type);
    Op done = std::move(invocation);
    done.type = completion.type;
    // A completion without a value keeps the invocation's (Jepsen's habit):
    // an indeterminate write still says what it tried to write.
    if (!completion.value.is_null()) done.value = std::move(completion.value);
    done.error = std::move(completion.error);
    if (!completion.node.empty()) done.node = std::move(completion.node);
    done.time_ns = -1;
    history_.append(std::move(done));
    switch (completion.type) {
      case OpType::kOk:
        ++counts.ok;
        if (hooks_.live) LiveCounts::add(hooks_.live->ok);
        break;
      case OpType::kFail:
        ++counts.failed;
        if (hooks_.live) LiveCounts::add(hooks_.live->failed);
        break;
      default:
        ++counts.indeterminate;
        if (hooks_.live) LiveCounts::add(hooks_.live->info);
        process_ += concurrency_;  // the old process's op may still take effect
        break;
    }
  }

  void log(const std::string& line) {
    hooks_.log("worker " + std::to_string(context_.worker) + " (" + context_.node + "): " + line);
  }

  const ClientContext context_;
  const int concurrency_;
  const std::chrono::nanoseconds timeout_;
  const ClientFactory& factory_;
  HistoryWriter& history_;
  Scheduler& scheduler_;
  const RunHooks& hooks_;
  int64_t process_;
  std::unique_ptr<Client> client_;
};

void add(RunSummary& total, const Worker& worker) {
  total.invoked += worker.counts.invoked;
  total.ok += worker.counts.ok;
  total.failed += worker.counts.failed;
  total.indeterminate += worker.counts.indeterminate;
  total.client_errors += worker.counts.client_errors;
  total.workers_lost += worker.lost ? 1 : 0;
}

// Moves through the phases as the workers finish each; returns the last one begun.
Phase coordinate(Scheduler& scheduler, const RunHooks& hooks) {
  Phase reached = Phase::kMain;
  while (reached != Phase::kDone && scheduler.wait_for_phase_end()) {
    const Phase upcoming = scheduler.following();
    if (hooks.on_phase) hooks.on_phase(upcoming);
    if (scheduler.stopping()) break;
    reached = scheduler.begin_next_phase();
  }
  return reached;
}

}  // namespace

RunSummary run_workload(Generator& generator, const ClientFactory& open_client,
                        HistoryWriter& history, const RunnerOptions& options,
                        const RunHooks& hooks_in, std::stop_token stop) {
  if (options.nodes.empty()) throw std::invalid_argument("run_workload: no nodes to talk to");
  RunHooks hooks = hooks_in;
  if (!hooks.log) hooks.log = log_to_stderr;
  const int concurrency = generator.options().concurrency;
  Scheduler scheduler(generator, history.clock(), concurrency);
  std::stop_callback on_stop(stop, [&] { scheduler.request_stop(); });

  if (hooks.on_phase) hooks.on_phase(Phase::kMain);
  generator.start(history.clock().now_ns());
  std::vector<std::unique_ptr<Worker>> workers;
  for (int w = 0; w < concurrency; ++w) {
    workers.push_back(
        std::make_unique<Worker>(w, concurrency, options, open_client, history, scheduler, hooks));
  }
  RunSummary summary;
  {
    std::vector<std::jthread> threads;  // joined at the end of this scope, also on a throw
    for (auto& worker : workers) threads.emplace_back([&worker] { worker->run(); });
    try {
      summary.reached = coordinate(scheduler, hooks);
    } catch (...) {  // a hook threw: let the workers end before the threads are joined
      scheduler.request_stop();
      throw;
    }
    if (summary.reached != Phase::kDone) scheduler.request_stop();  // stopped or no workers
  }
  for (const auto& worker : workers) add(summary, *worker);
  summary.stopped = stop.stop_requested();
  return summary;
}

}  // namespace faultline
