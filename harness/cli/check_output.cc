#include "harness/cli/check_output.h"

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
  std::string out = "process " + std::to_string(op.invoke->process) + "  " + op.f() + " " +
                    op.value().dump() + (op.ok ? "  ok" : "  info (indeterminate)");
  if (op.invoke->source_line > 0) out = "line " + std::to_string(op.invoke->source_line) + "  " + out;
  return out;
}

void print_evidence(std::ostream& out, const PartResult& part) {
  const SearchEvidence& ev = part.search.evidence;
  const CheckOp& failed = part.ops[ev.failed_op];
  out << "  cannot linearize: " << describe_op(failed) << "\n";
  if (!part.name.empty()) out << "  key: " << part.name << "\n";
  out << "  states it could see: ";
  for (size_t i = 0; i < ev.states.size(); ++i) out << (i ? ", " : "") << ev.states[i].dump();
  out << "  (after " << ev.linearized_count << " ops linearized)\n";
  out << "  the ops that prove it, in history order:\n";
  for (const CheckOp* op : evidence_ops(part)) {
    out << (op == &failed ? "  -> " : "     ") << describe_op(*op);
    for (size_t k = 0; k < ev.linearized_tail.size(); ++k) {
      if (&part.ops[ev.linearized_tail[k]] == op) out << "   => state " << ev.tail_states[k].dump();
    }
    out << "\n";
  }
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
  for (size_t i = 0; i < result.notes.size() && i < kMaxNotesShown; ++i) {
    out << "  note: " << format_location(result.notes[i].where) << ": "
        << result.notes[i].message << "\n";
  }
  if (result.notes.size() > kMaxNotesShown)
    out << "  note: ... and " << result.notes.size() - kMaxNotesShown << " more (see --json)\n";
}

}  // namespace faultline
