#include "harness/db/db_step.h"

#include <algorithm>
#include <cstdio>
#include <thread>

namespace faultline {

std::string describe_outcome(const RemoteResult<CommandResult>& outcome) {
  if (!outcome.ok()) return outcome.error().to_string();
  const CommandResult& result = outcome.value();
  std::string how = result.timed_out ? "timed out"
                    : result.exit_status < 0
                        ? "was killed by a signal"
                        : "exited with status " + std::to_string(result.exit_status);
  const std::string tail = result.tail();
  return tail.empty() ? how : how + ": " + tail;
}

bool ran_ok(const RemoteResult<CommandResult>& outcome) {
  return outcome.ok() && outcome.value().ok();
}

DbStepResult run_step(Remote& remote, const std::string& step, const Command& command) {
  RemoteResult<CommandResult> outcome = remote.run(command);
  if (ran_ok(outcome)) return std::nullopt;
  return DbStepError{remote.node(), step, describe_outcome(outcome)};
}

DbStepResult kill_step(Remote& remote, const std::string& step, const ProcessSpec& process) {
  return run_kill_step(remote, step, kill_command(process));
}

DbStepResult run_kill_step(Remote& remote, const std::string& step, const Command& command) {
  RemoteResult<CommandResult> outcome = remote.run(command);
  if (outcome.ok() && outcome->exit_status == kNotRunningStatus) return std::nullopt;
  if (ran_ok(outcome)) return std::nullopt;
  return DbStepError{remote.node(), step, describe_outcome(outcome)};
}

std::string seconds_text(std::chrono::milliseconds duration) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(duration.count()) / 1000.0);
  return text;
}

DbStepResult retry_until_ok(Remote& remote, const std::string& step,
                            std::chrono::milliseconds limit,
                            const std::function<Command(std::chrono::milliseconds)>& make_try,
                            std::chrono::milliseconds pause) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + limit;
  int tries = 0;
  std::string last;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    // A try gets at least a second, so a short limit still tries once properly.
    const std::chrono::milliseconds budget = std::max(left, std::chrono::milliseconds(1000));
    RemoteResult<CommandResult> outcome = remote.run(make_try(budget));
    ++tries;
    if (ran_ok(outcome)) return std::nullopt;
    last = describe_outcome(outcome);
    if (Clock::now() + pause >= deadline) break;
    std::this_thread::sleep_for(pause);
  }
  return DbStepError{remote.node(), step,
                     "not ready within " + seconds_text(limit) + " after " + std::to_string(tries) +
                         (tries == 1 ? " try" : " tries") + "; the last: " + last};
}

}  // namespace faultline
