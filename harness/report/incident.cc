// The incident summary that opens the report of an invalid run: when the
// first violation happened, the faults active then, the clients and nodes
// involved, what was observed, and how to replay it. The violation and the
// active faults come from evidence_text.h, the same code junit.xml and
// summary.md use, so every view names the same op, time and faults. Its
// wording claims only what was observed.
#include <set>

#include "harness/report/evidence_text.h"
#include "harness/report/report_parts.h"

namespace faultline::report_detail {
namespace {

std::string text_of(const Json& value) {
  return value.is_string() ? value.get<std::string>() : value_text(value, 80);
}

std::optional<Op> op_at(const OpTable& history, int64_t index) {
  if (index < 0) return std::nullopt;
  if (std::optional<size_t> row = history.row_of_index(index)) return history.op(*row);
  return std::nullopt;
}

std::string joined(const std::set<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

// "process 3's read on key k1 returned 1" / "process 2's write of 5 on key k1 (ok)".
std::string op_phrase(const Json& op) {
  const std::string f = text_of(op.value("f", Json("op")));
  std::string text = "process " + text_of(op.value("process", Json("?"))) + "'s " + f;
  const std::string key = op.contains("key") ? " on key " + text_of(op["key"]) : "";
  if (f == "read" && op.value("type", std::string()) == "ok")
    return text + key + " returned " + value_text(op.value("value", Json()), 60);
  return text + " of " + value_text(op.value("value", Json()), 60) + key + " (" +
         op.value("type", std::string("?")) + ")";
}

// One or two sentences on what the checker saw.
std::string observed(const Violation& violation) {
  const Json details = violation.checker->value("details", Json::object());
  const Json evidence = details.is_object() ? details.value("evidence", Json()) : Json();
  if (evidence.is_object() && evidence.contains("failed_op")) {
    std::string states;
    for (const Json& state : evidence.value("states_before_failure", Json::array()))
      states += (states.empty() ? "" : " or ") + value_text(state, 40);
    const size_t ops = evidence.value("ops", Json::array()).size();
    std::string text = "The history shows " + op_phrase(evidence["failed_op"]) +
                       ", which no state the model could be in then allows" +
                       (states.empty() ? "" : " (it could only be " + states + ")") + ".";
    text += " No order of the " + std::to_string(ops) +
            " ops in the evidence below explains it (the longest order found took " +
            std::to_string(evidence.value("linearized_prefix_length", 0)) + " of them).";
    return text;
  }
  if (violation.op) {
    size_t blamed = 0;
    for (const EvidenceOp& op : evidence_ops(Json::object(), *violation.checker, std::nullopt))
      blamed += op.blamed;
    return "The first op the checker blames: " + violation.op->what +
           (blamed > 1 ? " (" + std::to_string(blamed) + " ops blamed in all)." : ".");
  }
  const std::string summary = text_of(violation.checker->value("summary", Json("")));
  return summary.substr(0, summary.find('\n'));
}

// The processes (and their worker lanes) and nodes of the evidence's ops.
std::string clients_and_nodes(const Json& results, const Violation& violation,
                              const OpTable& history) {
  std::set<std::string> processes, nodes;
  const Json config = results.value("config", Json::object());
  const int64_t workers = config.is_object() && config.contains("concurrency") &&
                                  config["concurrency"].is_number_integer()
                              ? config["concurrency"].get<int64_t>()
                              : 0;
  for (const EvidenceOp& op : evidence_ops(results, *violation.checker, violation.key)) {
    const std::optional<Op> invoke = op_at(history, op.invoked);
    const std::optional<Op> complete = op_at(history, op.completed);
    std::string process = op.process;
    if (process.empty() && invoke) process = std::to_string(invoke->process);
    if (!process.empty()) {
      std::string name = "process " + process;
      if (invoke && workers > 0 && invoke->process >= 0)
        name += " (worker " + std::to_string(invoke->process % workers) + ")";
      processes.insert(name);
    }
    // The node that answered (an adapter may name a replica), else the worker's.
    if (complete && !complete->node.empty())
      nodes.insert(complete->node);
    else if (invoke && !invoke->node.empty())
      nodes.insert(invoke->node);
  }
  std::string text = processes.empty() ? "not named in the evidence" : joined(processes);
  text += nodes.empty() ? "; nodes not recorded in the history" : "; nodes " + joined(nodes);
  return text;
}

std::string row(const std::string& name, const std::string& html) {
  return "<dt>" + html_escape(name) + "</dt><dd>" + html + "</dd>\n";
}

}  // namespace

std::string render_incident(const Json& results, const OpTable& history,
                            const ReportContext& context) {
  const std::optional<Violation> violation = earliest_violation(results);
  if (!violation) return "";
  std::string out =
      "<section class=\"incident\" id=\"incident\" aria-labelledby=\"incident-title\">"
      "<h2 id=\"incident-title\">Incident summary</h2>\n<dl>\n";
  const std::string checker = text_of(violation->checker->value("checker", Json("checker")));
  out += row("What", html_escape("A violation was observed by the " + checker + " checker" +
                                 (violation->key ? " on key " + *violation->key : "") +
                                 ": the recorded history cannot be explained by the model."));
  if (violation->op) {
    const EvidenceOp& op = *violation->op;
    out += row("When", html_escape(fixed(op.invoked_s, 3) + " s from the start of the run" +
                                   " (history #" + std::to_string(op.invoked) + ")"));
    out += row("Faults active then", html_escape(faults_active_at(results, op.invoked_s)));
  } else {
    out += row("When", "unknown: the evidence's ops carry no time");
  }
  out += row("Clients and nodes", html_escape(clients_and_nodes(results, *violation, history)));
  out += row("Observed", html_escape(observed(*violation)));
  out += row("Reproduce", "<code>" + html_escape(replay_command(results, context.store_dir)) +
                              "</code> (the same ops and faults; the database may not fail the "
                              "same way twice)");
  return out + "</dl></section>\n";
}

}  // namespace faultline::report_detail
