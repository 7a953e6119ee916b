#include "nemeses/heal.h"

#include <exception>

namespace faultline {
namespace {

std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ';';
  }
  return text;
}

// A healer that throws (a bug) must not stop the other healers: healing is
// the last line of defence, so the exception becomes that healer's failure on
// every node.
std::vector<NodeOutcome<CommandResult>> run_healer(const Healer& healer,
                                                   const std::vector<Remote*>& remotes) {
  try {
    return healer.heal(remotes);
  } catch (const std::exception& e) {
    std::vector<NodeOutcome<CommandResult>> failed;
    for (Remote* remote : remotes) {
      RemoteError error;
      error.node = remote->node();
      error.message = std::string("healer threw: ") + e.what();
      failed.push_back({remote->node(), error});
    }
    return failed;
  }
}

}  // namespace

std::string HealStep::describe() const {
  if (!result.ok()) {
    RemoteError unnamed = result.error();  // the report names the node already
    unnamed.node.clear();
    return one_line(unnamed.to_string());
  }
  if (result->timed_out) return "timed out: " + one_line(result->tail());
  if (result->exit_status != 0) {
    return "failed (exit " + std::to_string(result->exit_status) + "): " + one_line(result->tail());
  }
  const std::string said = one_line(result->out);
  return said.empty() ? "ok" : "ok: " + said;
}

bool NodeHealReport::ok() const {
  for (const HealStep& step : steps) {
    if (!step.ok()) return false;
  }
  return true;
}

bool HealReport::ok() const {
  for (const NodeHealReport& node : nodes) {
    if (!node.ok()) return false;
  }
  return true;
}

std::string HealReport::describe() const {
  std::string text;
  for (const NodeHealReport& node : nodes) {
    for (const HealStep& step : node.steps) {
      text += node.node + " " + step.healer + ": " + step.describe() + "\n";
    }
  }
  return text;
}

std::string HealReport::describe_failures() const {
  std::string text;
  for (const NodeHealReport& node : nodes) {
    for (const HealStep& step : node.steps) {
      if (step.ok()) continue;
      text += (text.empty() ? "" : "\n") + node.node + " " + step.healer + ": " + step.describe();
    }
  }
  return text;
}

HealReport heal_all(const std::vector<Remote*>& remotes, const std::vector<Healer>& healers) {
  HealReport report;
  for (Remote* remote : remotes) report.nodes.push_back({remote->node(), {}});
  for (const Healer& healer : healers) {
    std::vector<NodeOutcome<CommandResult>> outcomes = run_healer(healer, remotes);
    for (size_t i = 0; i < report.nodes.size() && i < outcomes.size(); ++i) {
      report.nodes[i].steps.push_back({healer.name, std::move(outcomes[i].result)});
    }
  }
  return report;
}

}  // namespace faultline
