// Running one command line on a new channel of an open libssh session: its
// stdin fed within the channel window, stdout and stderr collected, a
// deadline. Not thread-safe: the session belongs to the calling thread.
#pragma once

#include <chrono>
#include <string>

#include "harness/remote/command.h"
#include "harness/remote/remote_error.h"
#include "harness/remote/ssh_session.h"

namespace faultline {

// What came of running one command line on a new channel.
struct ChannelRun {
  RemoteResult<CommandResult> result;
  bool started = false;  // false: no channel could be opened, so nothing ran
};

// Runs `line` (already quoted, from remote_command_line) on a new channel of
// `session`: writes `input` to its stdin, then EOF, and collects stdout and
// stderr until EOF or `timeout`. On timeout the remote command is sent TERM
// (sshd honours that only for non-root logins; the line's own `timeout`
// wrapper, see shell.h, is what bounds it on the node), the channel closed,
// and the result has timed_out set. `node` and `description` (never holding
// secrets) are for messages.
ChannelRun run_on_channel(ssh_session session, const std::string& node, const std::string& line,
                          const std::string& input, std::chrono::milliseconds timeout,
                          const std::string& description);

}  // namespace faultline
