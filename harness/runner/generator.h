// The generator decides what the workers do next, and when: a pure state
// machine driven by the time it is given, so it is tested without threads or
// a cluster and a seed reproduces the ops it hands out.
//
// A run goes through phases, in order:
//   kMain     the workload's ops, mixed by weight, at a total rate, until the
//             time limit (or op limit). The nemesis runs alongside.
//   kQuiesce  no ops for a while: the caller heals every fault as it begins,
//             and the system gets time to recover.
//   kFinal    each worker runs the final ops (e.g. a read) on every active key,
//             and every key retired earlier that saw a mutation end ok or info
//             gets its final ops too, on one worker (round robin over the
//             workers). A final op that fails or ends in info is tried again
//             (up to `final_attempts` times in all, `final_retry_ns` apart):
//             a lost write shows only in a read that succeeds.
//   kDone
// A phase ends when next() says kPhaseEnd to every worker; the runner then
// waits for all in-flight ops and calls advance() (see runner.h).
//
// Keys rotate: `active_keys` keys are in use at once; once `ops_per_key` ops
// of a key have ended ok or info (ops that may have reached the database),
// it is replaced by a fresh key, so every key's history stays short enough to
// check quickly. Failed ops do not count: during an outage keys would
// otherwise use up their quota in fast failures and be retired inside the
// fault window, with nothing left to observe what the fault did to them.
// The runner reports each completion through complete(); without it (a test
// that only asks for ops) no key is ever retired.
//
// Not thread-safe: the runner calls it under one lock (its scheduling point).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "harness/history/op.h"
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
  int64_t ops_per_key = 200;   // main-phase ops ended ok or info before a key is replaced
  int active_keys = 5;         // keys in use at once
  int64_t quiesce_ns = 0;      // length of the quiesce phase
  bool final_ops = true;       // run the final phase
  int final_attempts = 3;      // tries of a final op that fails or ends in info
  int64_t final_retry_ns = 1'000'000'000;  // wait before trying a final op again
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
  // `invocation` (an op next() handed to `worker`) ended as `outcome` at
  // `now_ns`: counts toward its key's quota, marks the key as written, or
  // queues a final op again.
  void complete(int worker, const Op& invocation, OpType outcome, int64_t now_ns);

  Phase phase() const { return phase_; }
  int64_t main_ops() const { return main_ops_; }
  std::vector<std::string> active_keys() const;
  // Keys replaced during the main phase, in the order they were retired.
  const std::vector<std::string>& retired_keys() const { return retired_keys_; }
  // Whether a mutation of `key` has ended ok or info.
  bool written(const std::string& key) const;
  // Keys written (as above) that no final op read successfully: a loss on
  // them cannot be seen. Meaningful once the final phase is over.
  std::vector<std::string> written_keys_not_read() const;
  int64_t written_keys() const;
  const GeneratorOptions& options() const { return options_; }

 private:
  struct KeyCounts {
    int64_t counted = 0;  // ops ended ok or info
    bool written = false;
    bool read_at_end = false;  // a final op on it ended ok
  };
  struct FinalOp {
    Op op;
    int attempt = 1;
    int64_t not_before_ns = 0;
  };

  Next next_main(int64_t now_ns);
  Next next_final(int worker, int64_t now_ns);
  void count_main(const Op& invocation, OpType outcome);
  void retire(const std::string& key);
  void queue_final_ops();
  const std::string& pick_f();
  std::string fresh_key();

  GeneratorOptions options_;
  std::unique_ptr<Workload> workload_;
  Rng rng_;
  std::vector<double> cumulative_weights_;  // parallel to options_.mix
  std::vector<std::string> keys_;           // active
  std::unordered_map<std::string, KeyCounts> counts_;
  std::vector<std::string> retired_keys_;
  int64_t next_key_id_ = 0;
  Phase phase_ = Phase::kMain;
  int64_t phase_start_ns_ = 0;
  int64_t main_ops_ = 0;
  int64_t next_start_ns_ = 0;                 // rate limit: the earliest next main-phase op
  std::vector<std::vector<FinalOp>> finals_;  // per worker, in reverse order (popped at the back)
  std::vector<int> final_attempt_;  // per worker: the attempt of the final op it was handed last
};

}  // namespace faultline
