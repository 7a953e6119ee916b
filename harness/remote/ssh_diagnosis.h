// Reading a remote command's result for the failures that mean it could not
// run at all (sudo refused or wanted a password, the program is not
// installed), and keeping a secret out of every message. Pure functions; safe
// from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "harness/remote/command.h"
#include "harness/remote/remote_error.h"

namespace faultline {

// The RemoteError that `result` of `command` on `node` amounts to, or nullopt
// when it is an ordinary result. `sudo_password_env` names the variable a fix
// may point to.
std::optional<RemoteError> diagnose_command(const std::string& node,
                                            const std::string& sudo_password_env,
                                            const Command& command, const CommandResult& result);

// The program a shell, env or sudo said it could not find, from stderr:
// "bash: line 1: foo: command not found", "sh: 1: foo: not found",
// "env: 'foo': No such file or directory", "sudo: foo: command not found",
// "timeout: failed to run command 'foo': No such file or directory".
// Empty when there is none.
std::string missing_tool(std::string_view err);

// `text` with every occurrence of `secret` replaced by "***" (unchanged when
// `secret` is empty).
std::string redacted(std::string text, std::string_view secret);
// The same for an error's message and fix.
RemoteError redacted(RemoteError error, std::string_view secret);

}  // namespace faultline
