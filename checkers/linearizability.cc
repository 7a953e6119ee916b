#include "checkers/linearizability.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "checkers/key_parts.h"
#include "harness/history/pairing.h"

namespace faultline {
std::vector<CheckOp> to_check_ops(const History& history, const std::vector<PairedOp>& paired) {
  std::vector<CheckOp> ops;
  ops.reserve(paired.size());
  for (const PairedOp& p : paired) {
    if (p.outcome == OpType::kFail) continue;  // did not take effect
    CheckOp op;
    op.invoke = &history.ops[p.invoke];
    op.complete = p.has_completion() ? &history.ops[p.complete] : nullptr;
    op.ok = p.outcome == OpType::kOk;
    op.call_position = p.invoke;
    op.return_position = p.complete;
    ops.push_back(op);
  }
  return ops;
}

namespace {

SearchLimits make_limits(const LinearizabilityOptions& options, MemoryBudget* memory,
                         const std::atomic<bool>* cancel) {
  SearchLimits limits;
  if (options.time_limit_seconds > 0) {
    limits.deadline = std::chrono::steady_clock::now() +
                      std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                          std::chrono::duration<double>(options.time_limit_seconds));
  }
  limits.memory = memory;
  limits.cancel = cancel;
  limits.memoize = options.memoize;
  return limits;
}

// A search that held more than this gives its freed pages back to the system.
constexpr size_t kTrimAfterBytes = 16 << 20;

int thread_count(int requested, size_t parts) {
  int n = requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency());
  return std::max(1, std::min<int>(n, static_cast<int>(parts)));
}

}  // namespace

LinearizabilityResult check_linearizability(const OpTable& table, const Model& model,
                                            const LinearizabilityOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  LinearizabilityResult result;
  result.model = std::string(model.name());
  result.notes = table.notes;
  const std::vector<PairedOp> paired = pair_ops(table, &result.notes);
  result.op_count = paired.size();

  std::vector<KeyPart> parts = split_by_key(table, paired);
  // Largest parts first, so one big part does not start last.
  std::vector<size_t> order(parts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return parts[a].pairs.size() > parts[b].pairs.size(); });

  std::optional<MemoryBudget> own_memory;
  MemoryBudget* memory = options.memory;
  if (!memory && options.memory_limit_bytes > 0)
    memory = &own_memory.emplace(options.memory_limit_bytes);
  std::atomic<bool> cancel{false};
  std::atomic<bool> invalid_found{false};
  const SearchLimits limits = make_limits(options, memory, &cancel);
  std::vector<SearchResult> searches(parts.size());
  std::vector<CompileResult> errors(parts.size());
  std::vector<int64_t> error_lines(parts.size(), 0);  // errors[i].at points into freed ops
  std::vector<PartOps> kept(parts.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t k; (k = next.fetch_add(1)) < order.size();) {
      size_t i = order[k];
      if (invalid_found) {
        searches[i].unknown_reason = kNotChecked;
        continue;
      }
      PartOps ops = make_part_ops(table, paired, parts[i]);
      CompileResult compiled = model.compile(ops.ops, options.model);
      if (!compiled.machine) {
        if (compiled.at) error_lines[i] = compiled.at->source_line;
        compiled.at = nullptr;  // it points into `ops`, freed below
        errors[i] = std::move(compiled);
        cancel = true;  // the history cannot be checked: stop the others
        continue;
      }
      searches[i] = wgl_search(*compiled.machine, ops.ops, limits);
      // Only a part that is not valid shows its ops (as evidence).
      if (searches[i].verdict != Verdict::kValid) kept[i] = std::move(ops);
      if (searches[i].verdict == Verdict::kInvalid && !options.all_keys) {
        invalid_found = true;  // the verdict is decided: stop the others
        cancel = true;
      }
      compiled.machine.reset();
      if (searches[i].peak_bytes > kTrimAfterBytes) return_free_memory();
    }
  };
  result.threads = thread_count(options.threads, parts.size());
  std::vector<std::thread> pool;
  for (int t = 1; t < result.threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();

  for (size_t i = 0; i < errors.size(); ++i) {
    if (errors[i].error.empty()) continue;
    result.error = SourceError{{table.source, error_lines[i], 0}, errors[i].error};
    return result;
  }
  result.verdict = Verdict::kValid;
  for (size_t i = 0; i < parts.size(); ++i) {
    // Stopped because another part was invalid: not checked.
    if (invalid_found && searches[i].unknown_reason == "cancelled")
      searches[i].unknown_reason = kNotChecked;
    result.verdict = combine(result.verdict, searches[i].verdict);
    result.parts.push_back({std::move(parts[i].name), std::move(kept[i].ops),
                            std::move(kept[i].storage), parts[i].pairs.size(),
                            std::move(searches[i])});
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

LinearizabilityResult check_linearizability(const History& history, const Model& model,
                                            const LinearizabilityOptions& options) {
  return check_linearizability(to_op_table(history), model, options);
}

}  // namespace faultline
