// Runs a Command on the controller itself: a child process with its output
// captured, its input fed, and a timeout that kills it and everything it
// started. Used for local cluster setup (ip netns, sshd) and by tests.
//
// Each child runs in its own process group, so a Ctrl-C at the terminal
// reaches faultline alone (which then heals and cleans up once) and a timeout
// can kill the whole group. Every call owns its child, pipes and timers and
// releases them before returning: no fds or zombies are left behind.
//
// Thread-safe: any number of threads may call run_local() at once.
#pragma once

#include "harness/remote/command.h"

namespace faultline {

// Runs `command` and waits for it to exit and to close its output, or for its
// timeout. Never throws for anything the command does:
//   - argv[0] is looked up on PATH (of the environment the command gets);
//     a script runs under /bin/sh -c; env adds to the inherited environment.
//   - a program that does not exist: exit_status 127, err
//     "faultline: <prog>: command not found"; one that cannot be executed: 126.
//   - a cwd that is not a directory: exit_status 1 and a message in err.
//   - sudo: ignored when already root, else the command runs under `sudo -n --`.
//   - timeout: the process group is killed (SIGKILL), timed_out is set and
//     exit_status is -1; output read so far is kept. A process that left the
//     group and still holds the output open is not waited for.
// Throws std::invalid_argument for a malformed Command (see check_command()).
CommandResult run_local(const Command& command);

}  // namespace faultline
