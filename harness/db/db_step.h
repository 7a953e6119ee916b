// Helpers the db kinds share for running one step on one node: the step's
// command, what became of it as a DbStepError, and retrying a readiness check
// until it succeeds or a limit passes. Stateless; safe from any thread (each
// Remote from one thread at a time).
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "harness/remote/command.h"
#include "harness/db/db.h"
#include "harness/remote/remote.h"

namespace faultline {

// "exited with status 1: <stderr tail>", "timed out: ...", or the RemoteError.
std::string describe_outcome(const RemoteResult<CommandResult>& outcome);

// True when the command ran and exited 0.
bool ran_ok(const RemoteResult<CommandResult>& outcome);

// Runs `command` as `step` on the node: nothing when it exits 0, else an
// error naming the node and step with the outcome's tail.
DbStepResult run_step(Remote& remote, const std::string& step, const Command& command);

// Runs a kill `command` as `step`: like run_step(), but an exit with
// kNotRunningStatus is no error either: nothing running is what a kill wants.
DbStepResult run_kill_step(Remote& remote, const std::string& step, const Command& command);

// SIGKILL to `process` (kill_command()) as `step`, by run_kill_step().
DbStepResult kill_step(Remote& remote, const std::string& step, const ProcessSpec& process);

// Seconds with one decimal, for messages: "0.4 s".
std::string seconds_text(std::chrono::milliseconds duration);

// Runs the command `make_try(remaining)` builds until one try succeeds or
// `limit` has passed (pausing `pause` between tries). Each try's timeout is
// bounded by the time left, so the whole wait stays near `limit`. The error
// says "not ready within L s after N tries" and the last try's outcome.
DbStepResult retry_until_ok(Remote& remote, const std::string& step,
                            std::chrono::milliseconds limit,
                            const std::function<Command(std::chrono::milliseconds)>& make_try,
                            std::chrono::milliseconds pause = std::chrono::milliseconds(200));

}  // namespace faultline
