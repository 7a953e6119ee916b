// Runs one action on many nodes at once and collects every node's result, so
// a caller sees all failures together instead of stopping at the first.
//
// on_nodes() starts one thread per Remote and joins them all before it
// returns; each Remote is used by exactly one thread, as Remote requires.
// The action `f` is called concurrently (once per Remote) and must be safe to
// call so. The functions here are otherwise stateless and thread-safe.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "harness/remote/command.h"
#include "harness/remote/remote.h"
#include "harness/remote/remote_error.h"

namespace faultline {

template <class T>
struct NodeOutcome {
  std::string node;
  RemoteResult<T> result;
};

// Calls `f(remote)` (returning RemoteResult<T>) on every remote in parallel.
// Results come in the order of `remotes`. If `f` throws (a programmer error),
// every thread is still joined and the first exception is rethrown.
template <class T, class F>
std::vector<NodeOutcome<T>> on_nodes(const std::vector<Remote*>& remotes, F&& f) {
  std::vector<std::optional<RemoteResult<T>>> results(remotes.size());
  std::vector<std::exception_ptr> errors(remotes.size());
  {
    std::vector<std::jthread> threads;  // joined when this scope ends, also on a throw
    threads.reserve(remotes.size());
    for (size_t i = 0; i < remotes.size(); ++i) {
      threads.emplace_back([&, i] {
        try {
          results[i].emplace(std::invoke(f, *remotes[i]));
        } catch (...) {
          errors[i] = std::current_exception();
        }
      });
    }
  }
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  std::vector<NodeOutcome<T>> outcomes;
  outcomes.reserve(remotes.size());
  for (size_t i = 0; i < remotes.size(); ++i) {
    outcomes.push_back({remotes[i]->node(), std::move(*results[i])});
  }
  return outcomes;
}

// Runs `command` on every remote in parallel.
std::vector<NodeOutcome<CommandResult>> run_on_nodes(const std::vector<Remote*>& remotes,
                                                     const Command& command);

// A command succeeded on a node: it ran, exited 0 and did not time out.
bool succeeded(const NodeOutcome<CommandResult>& outcome);
bool all_succeeded(const std::vector<NodeOutcome<CommandResult>>& outcomes);

// One line per node where `command` failed (lines joined by "\n"), naming the
// node: the RemoteError, or the command, its exit status (or timeout, or
// signal) and its stderr tail. Empty when every node succeeded.
std::string describe_failures(const std::vector<NodeOutcome<CommandResult>>& outcomes,
                              const Command& command);

// The error on one line, naming `node` when the error itself does not.
std::string describe_error(const std::string& node, const RemoteError& error);

// One line per node whose action returned a RemoteError (lines joined by
// "\n"). Empty when none did.
template <class T>
std::string describe_failures(const std::vector<NodeOutcome<T>>& outcomes) {
  static_assert(!std::is_same_v<T, CommandResult>,
                "a non-zero exit is a failure too: call describe_failures(outcomes, command)");
  std::string text;
  for (const NodeOutcome<T>& outcome : outcomes) {
    if (outcome.result.ok()) continue;
    if (!text.empty()) text += "\n";
    text += describe_error(outcome.node, outcome.result.error());
  }
  return text;
}

}  // namespace faultline
