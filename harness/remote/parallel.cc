#include "harness/remote/parallel.h"

#include <algorithm>
#include <string_view>

namespace faultline {
namespace {

constexpr size_t kCommandChars = 160;
constexpr size_t kTailChars = 300;

// `text` on one line: newlines become `separator`, the end is cut at `max_chars`.
std::string one_line(std::string_view text, std::string_view separator, size_t max_chars) {
  std::string line;
  for (char c : text) {
    if (c == '\n') {
      line += separator;
    } else if (c != '\r') {
      line += c;
    }
  }
  if (line.size() > max_chars) line = line.substr(0, max_chars) + "...";
  return line;
}

std::string how_it_ended(const CommandResult& result) {
  if (result.timed_out) return "timed out";
  if (result.exit_status < 0) return "was killed by a signal";
  return "exited with status " + std::to_string(result.exit_status);
}

std::string describe_command_failure(const std::string& node, const std::string& command,
                                     const CommandResult& result) {
  std::string line = node + ": `" + command + "` " + how_it_ended(result);
  std::string tail = one_line(result.tail(kTailChars), " | ", kTailChars + 50);
  return tail.empty() ? line : line + ": " + tail;
}

}  // namespace

std::vector<NodeOutcome<CommandResult>> run_on_nodes(const std::vector<Remote*>& remotes,
                                                     const Command& command) {
  return on_nodes<CommandResult>(remotes,
                                 [&command](Remote& remote) { return remote.run(command); });
}

bool succeeded(const NodeOutcome<CommandResult>& outcome) {
  return outcome.result.ok() && outcome.result.value().ok();
}

bool all_succeeded(const std::vector<NodeOutcome<CommandResult>>& outcomes) {
  return std::all_of(outcomes.begin(), outcomes.end(),
                     [](const auto& outcome) { return succeeded(outcome); });
}

std::string describe_error(const std::string& node, const RemoteError& error) {
  if (!error.node.empty()) return one_line(error.to_string(), " | ", std::string::npos);
  RemoteError named = error;
  named.node = node;
  return one_line(named.to_string(), " | ", std::string::npos);
}

std::string describe_failures(const std::vector<NodeOutcome<CommandResult>>& outcomes,
                              const Command& command) {
  std::string description = one_line(command.describe(), "\\n", kCommandChars);
  std::string text;
  for (const NodeOutcome<CommandResult>& outcome : outcomes) {
    if (succeeded(outcome)) continue;
    if (!text.empty()) text += "\n";
    text += outcome.result.ok()
                ? describe_command_failure(outcome.node, description, outcome.result.value())
                : describe_error(outcome.node, outcome.result.error());
  }
  return text;
}

}  // namespace faultline
