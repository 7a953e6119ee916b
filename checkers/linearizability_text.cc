#include "checkers/linearizability_text.h"

#include <algorithm>
#include <cstdio>

#include "checkers/linearizability_json.h"

namespace faultline {
namespace {

constexpr size_t kMaxNotesShown = 5;

std::string verdict_word(const LinearizabilityResult& r) {
  if (r.verdict == Verdict::kValid) return "valid";
  if (r.verdict == Verdict::kInvalid) return "INVALID";
  for (const PartResult& p : r.parts) {
    if (!p.search.unknown_reason.empty()) return "unknown (" + p.search.unknown_reason + ")";
  }
  return "unknown";
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", s);
  return buf;
}

std::string describe_op(const CheckOp& op) {
  // nil, as Jepsen writes it: a read of nothing must not look like a read of no value.
  std::string value = op.value().is_null() ? " nil" : " " + op.value().dump();
  std::string out = "process " + std::to_string(op.invoke->process) + "  " + op.f() + value +
                    (op.ok ? "  ok" : "  info (indeterminate)");
  if (op.invoke->source_line > 0) out = "line " + std::to_string(op.invoke->source_line) + "  " + out;
  return out;
}

void print_evidence(std::ostream& out, const PartResult& part) {
  constexpr size_t kTailShown = 4;
  const SearchEvidence& ev = part.search.evidence;
  const CheckOp& failed = part.ops[ev.failed_op];
  out << "  cannot linearize: " << describe_op(failed) << "\n";
  if (!part.name.empty()) out << "  key: " << part.name << "\n";
  if (!ev.reason.empty()) {
    out << "  " << ev.reason << "\n";
    return;
  }
  out << "  the longest linearization found (" << ev.linearized_count << " ops) ends with:\n";
  size_t from = ev.linearized_tail.size() > kTailShown ? ev.linearized_tail.size() - kTailShown : 0;
  for (size_t k = from; k < ev.linearized_tail.size(); ++k) {
    out << "     " << describe_op(part.ops[ev.linearized_tail[k]]) << "   => state "
        << ev.tail_states[k].dump() << "\n";
  }
  out << "  then no order of these works, from state ";
  for (size_t i = 0; i < ev.states.size(); ++i) out << (i ? " or " : "") << ev.states[i].dump();
  out << ":\n";
  std::vector<const CheckOp*> stuck{&failed};
  for (size_t i : ev.concurrent_ops) stuck.push_back(&part.ops[i]);
  std::sort(stuck.begin(), stuck.end(), [](const CheckOp* a, const CheckOp* b) {
    return a->call_position < b->call_position;
  });
  for (const CheckOp* op : stuck) out << (op == &failed ? "  -> " : "     ") << describe_op(*op) << "\n";
}

}  // namespace

void print_check_result(std::ostream& out, const std::string& file,
                        const LinearizabilityResult& result) {
  out << file << ": " << verdict_word(result) << "  (" << result.model << ", " << result.op_count
      << " ops";
  if (result.parts.size() > 1) out << ", " << result.parts.size() << " keys";
  out << ", " << seconds(result.seconds) << ")\n";
  for (const PartResult& part : result.parts) {
    if (part.search.verdict == Verdict::kInvalid) {
      print_evidence(out, part);
      break;
    }
  }
  const size_t not_checked = static_cast<size_t>(std::count_if(
      result.parts.begin(), result.parts.end(), [](const PartResult& p) { return !p.checked(); }));
  if (not_checked > 0) {
    out << "  " << not_checked << " of " << result.parts.size() << " keys " << kNotChecked
        << "; --all-keys checks every key\n";
  }
  for (size_t i = 0; i < result.notes.size() && i < kMaxNotesShown; ++i) {
    out << "  note: " << format_location(result.notes[i].where) << ": "
        << result.notes[i].message << "\n";
  }
  if (result.notes.size() > kMaxNotesShown)
    out << "  note: ... and " << result.notes.size() - kMaxNotesShown << " more (see --json)\n";
}

}  // namespace faultline
