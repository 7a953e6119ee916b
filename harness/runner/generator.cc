#include "harness/runner/generator.h"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "harness/base/suggest.h"

namespace faultline {
namespace {

std::vector<std::string> f_names(const std::vector<WeightedF>& mix) {
  std::vector<std::string> names;
  for (const WeightedF& entry : mix) names.push_back(entry.f);
  return names;
}

std::optional<std::string> validate_mix(const std::vector<WeightedF>& mix,
                                        const Workload& workload) {
  const std::vector<std::string> known = f_names(workload.default_mix());
  double total = 0;
  for (const WeightedF& entry : mix) {
    if (std::find(known.begin(), known.end(), entry.f) == known.end()) {
      return "mix: " +
             unknown_name_message(std::string(workload.name()) + " operation", entry.f, known);
    }
    if (!(entry.weight >= 0)) {
      return "mix: the weight of '" + entry.f + "' must be 0 or more";
    }
    total += entry.weight;
  }
  if (!(total > 0)) return "mix: at least one operation needs a weight above 0";
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::kMain:
      return "main";
    case Phase::kQuiesce:
      return "quiesce";
    case Phase::kFinal:
      return "final";
    case Phase::kDone:
      return "done";
  }
  return "?";
}

std::optional<std::string> validate(const GeneratorOptions& options, const Workload& workload) {
  if (options.concurrency < 1) return "concurrency must be at least 1";
  if (!(options.rate >= 0)) return "rate must be 0 (unlimited) or more ops per second";
  if (options.time_limit_ns < 0 || options.max_ops < 0) {
    return "the time limit and the op limit must not be negative";
  }
  if (options.time_limit_ns == 0 && options.max_ops == 0) {
    return "set a time limit (or an op limit): the main phase would never end";
  }
  if (options.ops_per_key < 1) return "ops per key must be at least 1";
  if (options.active_keys < 1) return "active keys must be at least 1";
  if (options.quiesce_ns < 0) return "the quiesce time must not be negative";
  if (options.final_attempts < 1) return "final attempts must be at least 1";
  if (options.final_retry_ns < 0) return "the final retry wait must not be negative";
  return validate_mix(options.mix.empty() ? workload.default_mix() : options.mix, workload);
}

Generator::Generator(GeneratorOptions options, std::unique_ptr<Workload> workload)
    : options_(std::move(options)), workload_(std::move(workload)), rng_(options_.seed) {
  if (!workload_) throw std::invalid_argument("Generator: no workload");
  if (std::optional<std::string> problem = validate(options_, *workload_)) {
    throw std::invalid_argument(*problem);
  }
  if (options_.mix.empty()) options_.mix = workload_->default_mix();
  double sum = 0;
  for (const WeightedF& entry : options_.mix) cumulative_weights_.push_back(sum += entry.weight);
  for (int i = 0; i < options_.active_keys; ++i) keys_.push_back(fresh_key());
}

void Generator::start(int64_t now_ns) {
  phase_ = Phase::kMain;
  phase_start_ns_ = now_ns;
  next_start_ns_ = now_ns;
}

Next Generator::next(int worker, int64_t now_ns) {
  switch (phase_) {
    case Phase::kMain:
      return next_main(now_ns);
    case Phase::kQuiesce:
      if (now_ns < phase_start_ns_ + options_.quiesce_ns) {
        return {Next::Kind::kWait, {}, phase_start_ns_ + options_.quiesce_ns};
      }
      return {Next::Kind::kPhaseEnd, {}, now_ns};
    case Phase::kFinal:
      return next_final(worker, now_ns);
    case Phase::kDone:
      break;
  }
  return {Next::Kind::kDone, {}, now_ns};
}

Next Generator::next_main(int64_t now_ns) {
  const int64_t at = std::max(now_ns, next_start_ns_);
  const bool out_of_time =
      options_.time_limit_ns > 0 && at >= phase_start_ns_ + options_.time_limit_ns;
  const bool out_of_ops = options_.max_ops > 0 && main_ops_ >= options_.max_ops;
  if (out_of_time || out_of_ops) return {Next::Kind::kPhaseEnd, {}, now_ns};
  if (options_.rate > 0) {
    // A random gap in [0, 2/rate): the mean rate is `rate`, without the lock
    // step that even spacing would impose on the workers. No catching up in
    // bursts when the workers fall behind: the gap counts from `at`.
    const double mean_gap_ns = 1e9 / options_.rate;
    next_start_ns_ = at + static_cast<int64_t>(2 * mean_gap_ns * uniform01(rng_));
  }
  ++main_ops_;
  const std::string& f = pick_f();
  const std::string& key = keys_[uniform_below(rng_, keys_.size())];
  return {Next::Kind::kOp, workload_->make_op(f, key, rng_), at};
}

void Generator::complete(int worker, const Op& invocation, OpType outcome, int64_t now_ns) {
  if (phase_ == Phase::kMain) return count_main(invocation, outcome);
  if (phase_ != Phase::kFinal) return;
  if (outcome == OpType::kOk) {
    if (invocation.key) counts_[*invocation.key].read_at_end = true;
    return;
  }
  // A final op that did not succeed observed nothing: try it again, later.
  const int attempt = final_attempt_.at(static_cast<size_t>(worker));
  if (attempt >= options_.final_attempts) return;
  // At the queue's front (it is popped at the back): the worker's other final
  // ops go first, giving the database time to recover.
  std::vector<FinalOp>& queue = finals_.at(static_cast<size_t>(worker));
  FinalOp again{invocation, attempt + 1, now_ns + options_.final_retry_ns};
  again.op.type = OpType::kInvoke;
  queue.insert(queue.begin(), std::move(again));
}

void Generator::count_main(const Op& invocation, OpType outcome) {
  if (!invocation.key || outcome == OpType::kFail || outcome == OpType::kInvoke) return;
  KeyCounts& counts = counts_[*invocation.key];
  if (workload_->is_mutation(invocation.f)) counts.written = true;
  if (++counts.counted >= options_.ops_per_key) retire(*invocation.key);
}

// Replaces `key` by a fresh key (an op in flight on it still completes);
// nothing when it is no longer active (retired already).
void Generator::retire(const std::string& key) {
  auto it = std::find(keys_.begin(), keys_.end(), key);
  if (it == keys_.end()) return;
  workload_->retire_key(key);
  retired_keys_.push_back(key);
  *it = fresh_key();
}

Next Generator::next_final(int worker, int64_t now_ns) {
  std::vector<FinalOp>& queue = finals_.at(static_cast<size_t>(worker));
  if (queue.empty()) return {Next::Kind::kPhaseEnd, {}, now_ns};
  FinalOp final = std::move(queue.back());
  queue.pop_back();
  final_attempt_.at(static_cast<size_t>(worker)) = final.attempt;
  return {Next::Kind::kOp, std::move(final.op), std::max(now_ns, final.not_before_ns)};
}

Phase Generator::following() const {
  switch (phase_) {
    case Phase::kMain:
      return Phase::kQuiesce;
    case Phase::kQuiesce:
      return options_.final_ops ? Phase::kFinal : Phase::kDone;
    case Phase::kFinal:
    case Phase::kDone:
      break;
  }
  return Phase::kDone;
}

Phase Generator::advance(int64_t now_ns) {
  phase_start_ns_ = now_ns;
  phase_ = following();
  if (phase_ == Phase::kFinal) queue_final_ops();
  return phase_;
}

// Each worker reads every active key; each retired key that was written is
// read once, and each of the workload's shared final ops runs once, spread
// round robin over the workers.
void Generator::queue_final_ops() {
  finals_.assign(static_cast<size_t>(options_.concurrency), {});
  final_attempt_.assign(static_cast<size_t>(options_.concurrency), 1);
  size_t next_worker = 0;
  for (const std::string& key : retired_keys_) {
    if (!written(key)) continue;
    std::vector<FinalOp>& queue = finals_[next_worker++ % finals_.size()];
    for (Op& op : workload_->final_ops(key)) queue.push_back({std::move(op)});
  }
  for (Op& op : workload_->shared_final_ops())
    finals_[next_worker++ % finals_.size()].push_back({std::move(op)});
  for (std::vector<FinalOp>& queue : finals_) {
    for (const std::string& key : keys_) {
      for (Op& op : workload_->final_ops(key)) queue.push_back({std::move(op)});
    }
    std::reverse(queue.begin(), queue.end());
  }
}

bool Generator::written(const std::string& key) const {
  auto it = counts_.find(key);
  return it != counts_.end() && it->second.written;
}

std::vector<std::string> Generator::written_keys_not_read() const {
  std::vector<std::string> keys;
  for (const auto& [key, counts] : counts_) {
    if (counts.written && !counts.read_at_end) keys.push_back(key);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

int64_t Generator::written_keys() const {
  return std::count_if(counts_.begin(), counts_.end(),
                       [](const auto& entry) { return entry.second.written; });
}

std::vector<std::string> Generator::active_keys() const { return keys_; }

const std::string& Generator::pick_f() {
  const double point = uniform01(rng_) * cumulative_weights_.back();
  auto it = std::upper_bound(cumulative_weights_.begin(), cumulative_weights_.end(), point);
  size_t i =
      std::min(static_cast<size_t>(it - cumulative_weights_.begin()), options_.mix.size() - 1);
  while (options_.mix[i].weight == 0) --i;  // point landed on a zero-width entry's edge
  return options_.mix[i].f;
}

std::string Generator::fresh_key() { return "k" + std::to_string(next_key_id_++); }

}  // namespace faultline
