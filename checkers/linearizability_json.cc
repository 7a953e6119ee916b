#include "checkers/linearizability_json.h"

#include <algorithm>

namespace faultline {
namespace {

constexpr size_t kMaxListedParts = 1000;

Json evidence_json(const PartResult& part) {
  const SearchEvidence& ev = part.search.evidence;
  Json out;
  if (!part.name.empty()) out["key"] = part.name;
  out["failed_op"] = check_op_json(part.ops[ev.failed_op]);
  out["linearized_prefix_length"] = ev.linearized_count;
  Json tail = Json::array();
  for (size_t k = 0; k < ev.linearized_tail.size(); ++k) {
    tail.push_back({{"op", check_op_json(part.ops[ev.linearized_tail[k]])},
                    {"state_after", ev.tail_states[k]}});
  }
  out["last_linearized"] = std::move(tail);
  Json concurrent = Json::array();
  for (size_t i : ev.concurrent_ops) concurrent.push_back(check_op_json(part.ops[i]));
  out["concurrent_ops"] = std::move(concurrent);
  out["states_before_failure"] = ev.states;
  if (!ev.reason.empty()) out["reason"] = ev.reason;
  Json ops = Json::array();
  for (const CheckOp* op : evidence_ops(part)) ops.push_back(check_op_json(*op));
  out["ops"] = std::move(ops);
  return out;
}

Json part_json(const PartResult& part) {
  Json out{{"valid", to_json(part.search.verdict)},
           {"ops", part.op_count},
           {"steps", part.search.steps},
           {"memo_entries", part.search.memo_entries},
           {"peak_bytes", part.search.peak_bytes}};
  if (!part.name.empty()) out["key"] = part.name;
  if (!part.search.unknown_reason.empty()) out["unknown_reason"] = part.search.unknown_reason;
  if (!part.checked()) out["checked"] = false;
  return out;
}

}  // namespace

Json check_op_json(const CheckOp& op) {
  Json out{{"process", op.invoke->process},
           {"f", op.f()},
           {"value", op.value()},
           {"type", op.ok ? "ok" : "info"},
           {"invoke_index", op.invoke->index}};
  if (op.complete) out["complete_index"] = op.complete->index;
  if (op.invoke->source_line > 0) out["line"] = op.invoke->source_line;
  if (op.invoke->key) out["key"] = *op.invoke->key;
  if (op.invoke->time_ns >= 0) out["time"] = op.invoke->time_ns;
  if (op.complete && op.complete->time_ns >= 0) out["complete_time"] = op.complete->time_ns;
  return out;
}

std::vector<const CheckOp*> evidence_ops(const PartResult& part) {
  const SearchEvidence& ev = part.search.evidence;
  std::vector<size_t> ids = ev.linearized_tail;
  // Keep only the last few linearized ops: the ones that set the state.
  if (ids.size() > 3) ids.erase(ids.begin(), ids.end() - 3);
  ids.push_back(ev.failed_op);
  ids.insert(ids.end(), ev.concurrent_ops.begin(), ev.concurrent_ops.end());
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::vector<const CheckOp*> ops;
  for (size_t i : ids) ops.push_back(&part.ops[i]);
  std::sort(ops.begin(), ops.end(),
            [](const CheckOp* a, const CheckOp* b) { return a->call_position < b->call_position; });
  return ops;
}

Json to_json(const LinearizabilityResult& result) {
  Json out{{"valid", to_json(result.verdict)}, {"model", result.model}, {"ops", result.op_count}};
  Json parts = Json::array();
  size_t invalid = 0, unknown = 0, not_checked = 0;
  for (const PartResult& part : result.parts) {
    invalid += part.search.verdict == Verdict::kInvalid;
    not_checked += !part.checked();
    unknown += part.search.verdict == Verdict::kUnknown && part.checked();
    // Not-checked parts may be many: they share the cap with the valid ones.
    bool interesting = part.search.verdict != Verdict::kValid && part.checked();
    if (interesting || parts.size() < kMaxListedParts) parts.push_back(part_json(part));
    if (part.search.verdict == Verdict::kInvalid && !out.contains("evidence"))
      out["evidence"] = evidence_json(part);
  }
  out["partitions"] = std::move(parts);
  out["partition_counts"] = {{"total", result.parts.size()},
                             {"invalid", invalid},
                             {"unknown", unknown},
                             {"not_checked", not_checked}};
  out["timing"] = {{"seconds", result.seconds}, {"threads", result.threads}};
  Json notes = Json::array();
  for (const HistoryNote& n : result.notes)
    notes.push_back({{"line", n.where.line}, {"message", n.message}});
  out["notes"] = std::move(notes);
  if (result.error) out["error"] = result.error->to_string();
  return out;
}

}  // namespace faultline
