// The generator decides what the workers do next, and when: a pure state
// machine driven by the time it is given, so it is tested without threads or
// a cluster and a seed reproduces the ops it hands out.
//
// A run goes through phases, in order:
//   kMain     the workload's ops, mixed by weight, at a total rate, until the
//             time limit (or op limit). The nemesis runs alongside.
//   kQuiesce  no ops for a while: the caller heals every fault as it begins,
//             and the system gets time to recover.
//   kFinal    each worker runs the final ops (e.g. a read) on every active key;
//             when the workload asks for it, each key retired earlier gets its
//             final ops too, on one worker (round robin over the workers).
//   kDone
// A phase ends when next() says kPhaseEnd to every worker; the runner then
// waits for all in-flight ops and calls advance() (see runner.h).
//
// Keys rotate: `active_keys` keys are in use at once, each gets at most
// `ops_per_key` ops and is then replaced by a fresh key, so every key's
// history stays short enough to check quickly.
//
// Not thread-safe: the runner calls it under one lock (its scheduling point).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/op.h"
#include "harness/runner/workload.h"

namespace faultline {

enum class Phase { kMain, kQuiesce, kFinal, kDone };
std::string_view to_string(Phase phase);

struct GeneratorOptions {
  int concurrency = 1;         // workers
  double rate = 0;             // ops/s across all workers together; 0: unlimited
  int64_t time_limit_ns = 0;   // length of the main phase; 0: no limit (use max_ops)
  int64_t max_ops = 0;         // main-phase ops in all; 0: no limit (use time_limit_ns)
  std::vector<WeightedF> mix;  // empty: the workload's default_mix()
  int64_t ops_per_key = 200;   // main-phase ops on one key before it is replaced
  int active_keys = 5;         // keys in use at once
  int64_t quiesce_ns = 0;      // length of the quiesce phase
  bool final_ops = true;       // run the final phase
  uint64_t seed = 0;
};

// What is wrong with `options` for `workload` (a message naming the field and
// the fix), or nothing.
std::optional<std::string> validate(const GeneratorOptions& options, const Workload& workload);

struct Next {
  enum class Kind {
    kOp,        // invoke `op` at `at_ns` (not before)
    kWait,      // nothing yet: ask again at `at_ns`
    kPhaseEnd,  // nothing more for this worker in this phase
    kDone,      // the run is over
  };
  Kind kind = Kind::kDone;
  Op op;              // kOp: f, key and value
  int64_t at_ns = 0;  // on the run clock (run_clock.h)
};

class Generator {
 public:
  // Throws std::invalid_argument when validate() finds a problem.
  Generator(GeneratorOptions options, std::unique_ptr<Workload> workload);

  // Begins the main phase at `now_ns`.
  void start(int64_t now_ns);
  // What `worker` (0..concurrency-1) does next, asked at `now_ns`.
  Next next(int worker, int64_t now_ns);
  // The phase advance() moves to.
  Phase following() const;
  // Moves to the next phase at `now_ns` and returns it.
  Phase advance(int64_t now_ns);

  Phase phase() const { return phase_; }
  int64_t main_ops() const { return main_ops_; }
  std::vector<std::string> active_keys() const;
  const std::vector<std::string>& retired_keys() const { return retired_keys_; }
  const GeneratorOptions& options() const { return options_; }

 private:
  struct ActiveKey {
    std::string name;
    int64_t ops = 0;
  };

  Next next_main(int64_t now_ns);
  Next next_final(int worker, int64_t now_ns);
  const std::string& pick_f();
  std::string fresh_key();

  GeneratorOptions options_;
  std::unique_ptr<Workload> workload_;
  Rng rng_;
  std::vector<double> cumulative_weights_;  // parallel to options_.mix
  std::vector<ActiveKey> keys_;
  std::vector<std::string> retired_keys_;  // only when the workload wants their final ops
  int64_t next_key_id_ = 0;
  Phase phase_ = Phase::kMain;
  int64_t phase_start_ns_ = 0;
  int64_t main_ops_ = 0;
  int64_t next_start_ns_ = 0;            // rate limit: the earliest next main-phase op
  std::vector<std::vector<Op>> finals_;  // per worker, in reverse order (popped at the back)
};

}  // namespace faultline
